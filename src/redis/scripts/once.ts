import { script } from "./lib.js";

/**
 * KEYS: the one-use key. ARGV: its expiry (wall ms), the store's wall clock ("" = Redis TIME), the ms it is kept past
 * its expiry. Returns 1 when the key was fresh. The TTL is worked out on Redis's clock, the one all replicas share:
 * a replica whose own clock runs fast would otherwise shorten it for every other.
 */
export const TAKE_ONCE = script(
  "take_once",
  `
local ttl = math.max(1, tonumber(ARGV[1]) - clock(ARGV[2])) + tonumber(ARGV[3])
if call('SET', KEYS[1], '1', 'PX', ttl, 'NX') then return 1 end
return 0
`,
);
