import table from "unhomoglyph/data.json" with { type: "json" };

// Unicode's confusables.txt (UTS #39), as the unhomoglyph package ships it: one source code point → the
// prototype it looks like. ASCII sources are left out on purpose: folding ASCII into other ASCII (`m` → `rn`,
// `0` → `O`) would make different names a tool reads differently equal, and break `?` in globs.
let prototypes: Map<number, string> | undefined;

// Latin small capitals read as the letters they are (`ᴘᴀꜱꜱᴡᴏʀᴅ` is `password`, `ᴅʙ.ᴅʀᴏᴘ` is `db.drop`):
// confusables.txt maps only some of them (`ᴏ` → `o`), and `ᴋ` to `ĸ` (which reads as `k` too: Greek `κ` and
// Cyrillic `к` have it as prototype), `ᴍ` to `ʍ` (left as it is: Cyrillic `м` has it, and `сумма` is no ASCII name).
const SMALL_CAPITALS = "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpꞯqʀrꜱsᴛtᴜuᴠvᴡwʏyᴢzĸk";

function load(): Map<number, string> {
  const letters = new Map<string, string>();
  for (let i = 0; i < SMALL_CAPITALS.length; i += 2)
    letters.set(SMALL_CAPITALS.charAt(i), SMALL_CAPITALS.charAt(i + 1));
  // The table gives other letters a small capital as prototype (Cyrillic `т` and Greek `τ` → `ᴛ`, `к` → `ĸ`):
  // each is read as the letter too, or `тoken` would read as `ᴛoken`.
  const asLetters = (prototype: string) => Array.from(prototype, (char) => letters.get(char) ?? char).join("");
  const map = new Map<number, string>();
  for (const [source, prototype] of Object.entries(table as Record<string, string>)) {
    const code = source.codePointAt(0) ?? 0;
    if (code >= 0x80) map.set(code, asLetters(prototype));
  }
  for (const [capital, letter] of letters) map.set(capital.codePointAt(0) ?? 0, letter);
  return map;
}

/** The text a non-ASCII code point looks like, or `undefined` when it is its own prototype. */
export function prototypeOf(code: number): string | undefined {
  prototypes ??= load();
  return prototypes.get(code);
}
