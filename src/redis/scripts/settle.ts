import { script, TICKET } from "./lib.js";

/**
 * How a call ended: its provisional marks become real (the tool started) or are dropped; a conversation past
 * the cap folds its marks into the root's conversation-wide marks, so eviction never forgets a restriction;
 * the agent's counters and last activity are updated; the ticket stays as a short tombstone so a late
 * admission of it admits nothing. Real marks: hash 'fm' ('a:<flow>' every conversation's newest, 'w:<flow>'
 * the conversation-wide ones) and 'fc:<conversation>', values '<at>|<tool>'.
 *
 * KEYS: ticket, agent counters. ARGV: base, member, started, counter field, now, wall, max conversations,
 * tombstone ttl.
 */
export const SETTLE = script(
  "settle",
  `${TICKET}
local ticket, counters, base, member = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
local started, field, now = ARGV[3] == '1', ARGV[4], clock(ARGV[5])
local wall = ARGV[6] ~= '' and tonumber(ARGV[6]) or now
local maxConversations, tombstone = tonumber(ARGV[7]), tonumber(ARGV[8])

-- Sets each field to value where it holds nothing newer than at.
local function keep(key, fields, at, value)
  local held, newer = call('HMGET', key, unpack(fields)), {}
  for j, name in ipairs(fields) do
    local heldAt = stamped(held[j])
    if not heldAt or at > heldAt then
      newer[#newer + 1] = name
      newer[#newer + 1] = value
    end
  end
  if #newer > 0 then call('HSET', key, unpack(newer)) end
end
local function fold(conversation)
  local key = base .. 'fc:' .. conversation
  local held, ttl = call('HGETALL', key), call('PTTL', key)
  for j = 1, #held, 2 do keep(base .. 'fm', { 'w:' .. held[j] }, stamped(held[j + 1]), held[j + 1]) end
  extend(base .. 'fm', math.max(ttl, 1000))
  call('DEL', key)
end

local held = readTicket(call('GET', ticket))
if held and held.s == 'admitted' then
  dropProvisional(base, member, held)
  -- Provisional marks past their window (callers that died before settling) are trimmed here, off the
  -- admission's path; reads ignore them anyway.
  for j, flow in ipairs(held.flows) do
    local stale = '(' .. (now - tonumber(held.windows[j]))
    call('ZREMRANGEBYSCORE', base .. 'pa:' .. flow, '-inf', stale)
    if not held.hc then call('ZREMRANGEBYSCORE', base .. 'pw:' .. flow, '-inf', stale) end
  end
  if started and #held.flows > 0 then
    -- Kept as of now, not of the admission: the untrusted data arrived when the call ended, so a slow read (or
    -- one that waited for approval) still starts the flow's whole window.
    held.at = math.max(tonumber(held.at), now)
    local value, longest, wide, own = held.at .. '|' .. held.tool, 1, {}, {}
    for j, flow in ipairs(held.flows) do
      longest = math.max(longest, tonumber(held.windows[j]))
      wide[#wide + 1] = 'a:' .. flow
      if held.hc then own[#own + 1] = flow else wide[#wide + 1] = 'w:' .. flow end
    end
    keep(base .. 'fm', wide, held.at, value)
    extend(base .. 'fm', longest)
    if held.hc then
      local lru = base .. 'fl'
      keep(base .. 'fc:' .. held.conv, own, held.at, value)
      extend(base .. 'fc:' .. held.conv, longest)
      call('ZADD', lru, now, held.conv)
      extend(lru, longest)
      while call('ZCARD', lru) > maxConversations do fold(call('ZPOPMIN', lru)[1]) end
    end
  end
  call('SET', ticket, 'settled', 'PX', tombstone)
end
if call('EXISTS', counters) == 1 then
  call('HINCRBY', counters, 'calls', 1)
  call('HINCRBY', counters, field, 1)
  call('HSET', counters, 'last', wall)
end
return held and held.s or false
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
  `${TICKET}
local ticket, base, member, tombstone = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local held = readTicket(call('GET', ticket))
if held and held.s == 'admitted' then
  for _, suffix in ipairs(held.limits) do call('ZREM', base .. 'w:' .. suffix, member) end
  dropProvisional(base, member, held)
end
if not held or held.s == 'admitted' then call('SET', ticket, 'void', 'PX', tombstone) end
return held and held.s or false
`,
);
