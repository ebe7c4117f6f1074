import { windowsNames } from "./windows-names.js";
import { isWithin, normalizeBase, PATH_FOLDS } from "./within.js";

/**
 * Why a `within` base names a place other than the one written, or `undefined`. A value spelled so is undecided
 * (see `pathReadings`), so an allow on such a base would never apply and a deny would stop everything: refused
 * when the policy loads instead, naming what to write.
 */
export function baseProblem(base: string): string | undefined {
  if (base.startsWith("//") && !base.startsWith("///")) {
    return "starts with `//`, a network share (`//host/share`) on Windows and SMB clients: start it with one `/`";
  }
  if (windowsNames(base) !== base) {
    return "has a name Win32 reads as another or as a device (a trailing dot or space, a `:stream`, an 8.3 `~1` name, `CON`, `nul.txt`): write the names as the file system lists them";
  }
  // Once folded, a name can still be one Win32 reads otherwise (`conın$` upper-cased is `CONIN$`, `ｃｏｎ`
  // normalised is `con`): the base as a value must be decided inside itself under every reading.
  const inItself = (read: (text: string) => string) => isWithin([normalizeBase(read(base))], base, read) === true;
  if (!isWithin([normalizeBase(base)], base) || !PATH_FOLDS.every(({ read }) => inItself(read))) {
    return "has a name that, case-folded or normalised, Win32 reads as another or as a device (`conın$` is `CONIN$`, `ｃｏｎ` is `con`): an allow within it could never apply";
  }
  return undefined;
}
