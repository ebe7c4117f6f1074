import { windowsNames } from "./windows-names.js";

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
  return undefined;
}
