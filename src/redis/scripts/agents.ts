import { script } from "./lib.js";

/**
 * Registers an agent id once: the same identity again is a no-op (a restarted process), another identity or
 * a retired id is refused, and live agents are capped.
 *
 * KEYS: live index. ARGV: base, id, registration json, identity, counters key, cap.
 * Returns { 'new' | 'same' } or { 'retired' } or { 'taken', json } or { 'full', count }.
 */
export const REGISTER = script(
  "register",
  `
local base, id = ARGV[1], ARGV[2]
local key = base .. 'a:' .. id
local held = redis.call('HMGET', key, 'w', 't', 'j')
if held[2] then return { 'retired' } end
if held[1] then
  if held[1] == ARGV[4] then return { 'same' } end
  return { 'taken', held[3] }
end
local live = redis.call('ZCARD', KEYS[1])
if live >= tonumber(ARGV[6]) then return { 'full', live } end
redis.call('HSET', key, 'w', ARGV[4], 'j', ARGV[3], 'r', ARGV[5])
redis.call('ZADD', KEYS[1], redis.call('INCR', base .. 'seq'), id)
return { 'new' }
`,
);

/**
 * Retires an agent: it leaves the live index for the history, which keeps the newest `cap` (older records
 * and their counters are deleted; the counters live in their root's slot, so their keys are returned).
 *
 * KEYS: live index, retired index. ARGV: base, id, now, wall, cap. Returns the counters keys to delete.
 */
export const RETIRE = script(
  "retire",
  `
local base, id = ARGV[1], ARGV[2]
local key = base .. 'a:' .. id
local wall = ARGV[4] ~= '' and tonumber(ARGV[4]) or clock(ARGV[3])
local held = redis.call('HMGET', key, 'w', 't')
if not held[1] or held[2] then return {} end
redis.call('HSET', key, 't', wall)
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[2], redis.call('INCR', base .. 'seq'), id)
local dropped, extra = {}, redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if extra > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[2], extra)
  for j = 1, #oldest, 2 do
    local old = base .. 'a:' .. oldest[j]
    dropped[#dropped + 1] = redis.call('HGET', old, 'r')
    redis.call('DEL', old)
  end
end
return dropped
`,
);

/** KEYS: live index, retired index. ARGV: base. Returns { json, retired wall or '', counters key, … }. */
export const LIST_AGENTS = script(
  "list_agents",
  `
local out = {}
for _, index in ipairs(KEYS) do
  for _, id in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    local held = redis.call('HMGET', ARGV[1] .. 'a:' .. id, 'j', 't', 'r')
    if held[1] then
      out[#out + 1] = held[1]
      out[#out + 1] = held[2] or ''
      out[#out + 1] = held[3]
    end
  end
end
return out
`,
);

/** Notes a tool on a registered agent's counters. KEYS: counters. ARGV: field. */
export const ADD_TOOL = script(
  "add_tool",
  `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], '1') end
return 1
`,
);
