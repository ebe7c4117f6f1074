import { script } from "./lib.js";

// Drops a ticket's provisional marks (both sets a mark was added to).
const DROP_PROVISIONAL = `
local function dropProvisional(base, member, flows, hc, conv)
  for _, flow in ipairs(flows) do
    redis.call('ZREM', base .. 'pa:' .. flow, member)
    if hc == '1' then redis.call('ZREM', base .. 'pc:' .. flow .. ':' .. conv, member)
    else redis.call('ZREM', base .. 'pw:' .. flow, member) end
  end
end
`;

/**
 * How a call ended: its provisional marks become real (the tool started) or are dropped; a conversation past
 * the cap folds its marks into the root's conversation-wide marks, so eviction never forgets a restriction;
 * the agent's counters and last activity are updated; the ticket stays as a short tombstone so a late
 * admission of it admits nothing.
 *
 * KEYS: ticket, agent counters. ARGV: base, member, started, counter field, now, wall, max conversations,
 * tombstone ttl.
 */
export const SETTLE = script(
  "settle",
  `${DROP_PROVISIONAL}
local ticket, counters, base, member = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
local started, field, now = ARGV[3] == '1', ARGV[4], clock(ARGV[5])
local wall = ARGV[6] ~= '' and tonumber(ARGV[6]) or now
local maxConversations, tombstone = tonumber(ARGV[7]), tonumber(ARGV[8])

local function keep(key, flow, at, value, window)
  local held = stamped(redis.call('HGET', key, flow))
  if not held or at > held then redis.call('HSET', key, flow, value) end
  extend(key, window)
end
local function fold(conversation)
  local key = base .. 'fc:' .. conversation
  local held, ttl = redis.call('HGETALL', key), redis.call('PTTL', key)
  for j = 1, #held, 2 do keep(base .. 'fw', held[j], stamped(held[j + 1]), held[j + 1], math.max(ttl, 1000)) end
  redis.call('DEL', key)
end

local record = redis.call('HMGET', ticket, 's', 'tool', 'c', 'hc', 'f', 'fw', 'at')
if record[1] == 'admitted' then
  local tool, conv, hc, at = record[2], record[3], record[4], tonumber(record[7])
  local flows, windows, longest = words(record[5]), words(record[6]), 1
  dropProvisional(base, member, flows, hc, conv)
  if started then
    local value = at .. '|' .. tool
    for j, flow in ipairs(flows) do
      local window = tonumber(windows[j])
      longest = math.max(longest, window)
      keep(base .. 'fa', flow, at, value, window)
      keep(hc == '1' and (base .. 'fc:' .. conv) or (base .. 'fw'), flow, at, value, window)
    end
    if hc == '1' and #flows > 0 then
      local lru = base .. 'fl'
      redis.call('ZADD', lru, now, conv)
      extend(lru, longest)
      while redis.call('ZCARD', lru) > maxConversations do fold(redis.call('ZPOPMIN', lru)[1]) end
    end
  end
  redis.call('HSET', ticket, 's', 'settled')
  redis.call('PEXPIRE', ticket, tombstone)
end
if redis.call('EXISTS', counters) == 1 then
  redis.call('HINCRBY', counters, 'calls', 1)
  redis.call('HINCRBY', counters, field, 1)
  redis.call('HSET', counters, 'last', wall)
end
return record[1]
`,
);

/**
 * Undoes an admission whose answer the gate never used (it timed out, so the call was refused): its limit
 * entries and provisional marks go, and the ticket becomes a tombstone, so a script that runs late (queued
 * while Redis was unreachable, or resent after a reconnect) admits nothing either. Nothing is admitted twice
 * and nothing refused is counted.
 *
 * KEYS: ticket. ARGV: base, member, tombstone ttl.
 */
export const VOID = script(
  "void",
  `${DROP_PROVISIONAL}
local ticket, base, member, tombstone = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local record = redis.call('HMGET', ticket, 's', 'c', 'hc', 'f', 'l')
if record[1] == 'admitted' then
  for _, suffix in ipairs(words(record[5])) do redis.call('ZREM', base .. 'w:' .. suffix, member) end
  dropProvisional(base, member, words(record[4]), record[3], record[2])
end
if record[1] == 'admitted' or not record[1] then
  redis.call('HSET', ticket, 's', 'void')
  redis.call('PEXPIRE', ticket, tombstone)
end
return record[1]
`,
);
