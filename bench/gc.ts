import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = () => void;

/**
 * Returns a function that runs a full garbage collection. `npm run bench` starts Node without
 * `--expose-gc`, so the flag is switched on at run time and `gc` is taken from a fresh context.
 * It is also set on `globalThis`, where mitata looks for it.
 */
export function exposeGc(): Collect {
  const holder = globalThis as { gc?: Collect };
  if (typeof holder.gc === "function") return holder.gc;
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as Collect;
  holder.gc = collect;
  return collect;
}
