import table from "unhomoglyph/data.json" with { type: "json" };

// Unicode's confusables.txt (UTS #39), as the unhomoglyph package ships it: one source code point → the
// prototype it looks like. ASCII sources are left out on purpose: folding ASCII into other ASCII (`m` → `rn`,
// `0` → `O`) would make different names a tool reads differently equal, and break `?` in globs.
let prototypes: Map<number, string> | undefined;

// Latin small capitals read as the letters they are (`ᴘᴀꜱꜱᴡᴏʀᴅ` is `password`, `ᴅʙ.ᴅʀᴏᴘ` is `db.drop`):
// confusables.txt maps only some of them (`ᴏ` → `o`), and `ᴋ` to `ĸ`, `ᴍ` to `ʍ`.
const SMALL_CAPITALS = "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpꞯqʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz";

function load(): Map<number, string> {
  const map = new Map<number, string>();
  for (const [source, prototype] of Object.entries(table as Record<string, string>)) {
    const code = source.codePointAt(0) ?? 0;
    if (code >= 0x80) map.set(code, prototype);
  }
  for (let i = 0; i < SMALL_CAPITALS.length; i += 2) {
    map.set(SMALL_CAPITALS.codePointAt(i) ?? 0, SMALL_CAPITALS.charAt(i + 1));
  }
  return map;
}

/** The text a non-ASCII code point looks like, or `undefined` when it is its own prototype. */
export function prototypeOf(code: number): string | undefined {
  prototypes ??= load();
  return prototypes.get(code);
}
