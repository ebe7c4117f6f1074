import { script } from "./lib.js";

/**
 * Adds a grant to the index (every grant, for listing and revoking) and returns its expiry on the store
 * clock: { expires ms, expires wall ms }. Expired entries are dropped on the way.
 *
 * KEYS: index. ARGV: field, grant json (without expiry), ttl, now, wall.
 */
export const INDEX_GRANT = script(
  "index_grant",
  `
local now = clock(ARGV[4])
local wall = ARGV[5] ~= '' and tonumber(ARGV[5]) or now
local ttl = tonumber(ARGV[3])
local held = redis.call('HGETALL', KEYS[1])
for j = 1, #held, 2 do
  if stamped(held[j + 1]) <= now then redis.call('HDEL', KEYS[1], held[j]) end
end
redis.call('HSET', KEYS[1], ARGV[1], (now + ttl) .. '|' .. (wall + ttl) .. '|' .. ARGV[2])
extend(KEYS[1], ttl)
return { now + ttl, wall + ttl }
`,
);

/** The live index entries: { field, "<expires>|<wall>|<json>", … }. KEYS: index. ARGV: now. */
export const LIST_GRANTS = script(
  "list_grants",
  `
local now = clock(ARGV[1])
local held, out = redis.call('HGETALL', KEYS[1]), {}
for j = 1, #held, 2 do
  if stamped(held[j + 1]) > now then
    out[#out + 1] = held[j]
    out[#out + 1] = held[j + 1]
  end
end
return out
`,
);

/**
 * The copy admission reads, in the root's slot; a newer grant for the same approval replaces the older one.
 * KEYS: the agent's grants of this tool. ARGV: grant key, "<expires>|<json>", ttl.
 */
export const PUT_GRANT = script(
  "put_grant",
  `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
extend(KEYS[1], tonumber(ARGV[3]))
return 1
`,
);

/**
 * Keeps a rejection until it expires, in the root's slot, at most `cap` per root name: one agent's rejections
 * never push out another's, and past the cap nothing is forgotten to make room (admission then asks nothing).
 *
 * KEYS: denial key, the root's denial index. ARGV: json, ttl, now, cap.
 */
export const REMEMBER = script(
  "remember",
  `
local ttl, now, cap = tonumber(ARGV[2]), clock(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not redis.call('ZSCORE', KEYS[2], KEYS[1]) and redis.call('ZCARD', KEYS[2]) >= cap then return 0 end
redis.call('SET', KEYS[1], (now + ttl) .. '|' .. ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], now + ttl, KEYS[1])
extend(KEYS[2], ttl)
return 1
`,
);
