import type { Mode } from "../policy/decision.js";

/**
 * The `mode` an options object sets itself, or `undefined`. Shadow mode switches enforcement off, so a `mode` the
 * object only inherits (an `Object.prototype` polluted through some library's unsafe merge) is never read: the
 * gate and its agents stay enforced unless host code names the mode on the options it passes.
 */
export function ownMode(options: object): Mode | undefined {
  return Object.hasOwn(options, "mode") ? (options as { mode?: Mode }).mode : undefined;
}
