import { script } from "./lib.js";

// Every change bumps the version and is published as "<version>\n<1|0>\n<target key>\n<suspension json>", in
// the same script: a replica that sees the version move knows its view is stale, even if it missed the message.

/** KEYS: suspensions hash, version. ARGV: target key, suspension json, channel. Returns the new version. */
export const SUSPEND = script(
  "suspend",
  `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local version = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[3], version .. '\\n1\\n' .. ARGV[1] .. '\\n' .. ARGV[2])
return version
`,
);

/** KEYS: suspensions hash, version. ARGV: target key, channel. Returns { version, suspension json } or nil. */
export const RESUME = script(
  "resume",
  `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local version = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[2], version .. '\\n0\\n' .. ARGV[1] .. '\\n' .. held)
return { version, held }
`,
);

/** KEYS: suspensions hash, version. Returns { version, key, json, key, json, … }, read atomically. */
export const LOAD_SUSPENSIONS = script(
  "load_suspensions",
  `
local all = redis.call('HGETALL', KEYS[1])
table.insert(all, 1, redis.call('GET', KEYS[2]) or '0')
return all
`,
);
