// Win32 reads a name as less than is written: the dots and spaces it ends in are dropped (`secret. ` is
// `secret`), and from a colon on it names a stream of the file (`secret:s`, `secret::$DATA` are `secret`). An
// 8.3 short name (`PROGRA~1`) stands for a long name only the disk knows. A reserved device name, in any
// folder and with any extension (before Windows 11), is the device: `C:\data\nul.txt` is `\\.\NUL`.

// What Win32 could read otherwise: a name ending in a dot or a space (`.` and `..` are dot segments, not
// names), a colon, a tilde.
const MAY_DIFFER = /(?:[^/. ]\.| |\.\.\.)[. ]*(?:\/|$)|[:~]/;
const SHORT_NAME = /~\d/;
/** A name Win32 may read as a device (`CON`, `nul.txt`, `COM1 .log`, `aux:s`, `CONIN$`). */
export const DEVICE_NAME = /(?:^|\/)(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:[ .:/]|$)/i;
const STREAM = /:.*$/s;
const TRAILING = /[. ]+$/;

/**
 * The path as Win32 reads its names, or `undefined` when no one can say what it names without the disk: an
 * 8.3 short name (a `~digit`), or a name Win32 reads as nothing or as a dot segment (`.. `, `...`, `:s`);
 * and when it names no file at all, but a device.
 */
export function windowsNames(path: string): string | undefined {
  if (DEVICE_NAME.test(path)) return undefined;
  if (!MAY_DIFFER.test(path)) return path;
  const names = path.split("/");
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name === "" || name === "." || name === "..") continue;
    if (SHORT_NAME.test(name)) return undefined;
    const read = name.replace(STREAM, "").replace(TRAILING, "");
    if (read === "") return undefined;
    names[i] = read;
  }
  return names.join("/");
}
