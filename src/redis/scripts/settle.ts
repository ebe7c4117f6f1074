import { script, TICKET } from "./lib.js";

/**
 * How calls of one root name ended, several at once: each call's provisional marks become real (the tool
 * started) or are dropped; a conversation past the cap folds its marks into the root's conversation-wide marks,
 * so eviction never forgets a restriction; the agents' counters and last activity are updated; each ticket
 * stays as a short tombstone so a late admission of it admits nothing. Real marks: hash 'fm' ('a:<flow>' every
 * conversation's newest, 'w:<flow>' the conversation-wide ones) and 'fc:<conversation>', values '<at>|<tool>'.
 * Work shared by the calls (the same mark, hash, conversation or agent) is done once for all of them.
 *
 * KEYS: the tickets. ARGV: base, max conversations, tombstone ttl, then per call: member, started ('1'),
 * counter field, agent (encoded), when it ended and its wall time ('<ms>' as given, '~<ms>' = Redis TIME less
 * that many ms: how long the settlement waited to be sent), and the record of its marks for a ticket that expired
 * before it ended ('' = none; laid out as a ticket, see settlement.ts).
 */
export const SETTLE = script(
  "settle",
  `${TICKET}
local base, maxConversations, tombstone = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local time
local function ended(given)
  if string.sub(given, 1, 1) ~= '~' then return tonumber(given) end
  time = time or clock('')
  return time - tonumber(string.sub(given, 2))
end

-- Newest value per field: { field = { at, value } }, fields in the order first seen.
local function newest(map, field, at, value)
  local held = map[field]
  if not held then
    map[#map + 1] = field
    map[field] = { at, value }
  elseif at > held[1] then
    held[1], held[2] = at, value
  end
end
-- Sets each field to its value where the hash holds nothing newer.
local function keep(key, map)
  if #map == 0 then return end
  local held, newer = call('HMGET', key, unpack(map)), {}
  for j, name in ipairs(map) do
    local heldAt = stamped(held[j])
    if not heldAt or map[name][1] > heldAt then
      newer[#newer + 1] = name
      newer[#newer + 1] = map[name][2]
    end
  end
  if #newer > 0 then call('HSET', key, unpack(newer)) end
end
local function fold(conversation)
  local key = base .. 'fc:' .. conversation
  local held, ttl, map = call('HGETALL', key), call('PTTL', key), {}
  for j = 1, #held, 2 do newest(map, 'w:' .. held[j], stamped(held[j + 1]), held[j + 1]) end
  keep(base .. 'fm', map)
  extend(base .. 'fm', math.max(ttl, 1000))
  call('DEL', key)
end

-- Provisional marks to drop, per set: { key = { members…, stale = score, trim = bool } }, keys in order.
local drops = {}
local function drop(key, member, stale, trim)
  local set = drops[key]
  if not set then
    set = { stale = stale, trim = trim }
    drops[#drops + 1], drops[key] = key, set
  end
  set.stale = math.min(set.stale, stale)
  set[#set + 1] = member
end

local wide, own, seen, latest, agents, longest = {}, {}, {}, {}, {}, 1
for i = 4, #ARGV, 7 do
  local member, started, field, agent = ARGV[i], ARGV[i + 1] == '1', ARGV[i + 2], ARGV[i + 3]
  local now, wall = ended(ARGV[i + 4]), ended(ARGV[i + 5])
  local ticket = base .. 't:' .. member
  local held = readTicket(call('GET', ticket))
  -- A call that outlived its ticket (a long run, a long wait for approval) still keeps the marks it made.
  if not held and started and ARGV[i + 6] ~= '' then held = readTicket(ARGV[i + 6]) end
  if held and held.s == 'admitted' then
    for j, flow in ipairs(held.flows) do
      -- Provisional marks past their window whose caller died before settling are trimmed here, off the
      -- admission's path; reads ignore them anyway. The longest window of the batch decides.
      local stale = now - tonumber(held.windows[j])
      if held.hc then
        drop(base .. 'pa:' .. flow, member, stale, true)
        drop(base .. 'pc:' .. flow .. ':' .. held.conv, member, stale, false)
      else
        drop(base .. 'pw:' .. flow, member, stale, true)
      end
    end
    if started and #held.flows > 0 then
      -- Kept as of the call's end, not of the admission: the untrusted data arrived when the call ended, so a
      -- slow read (or one that waited for approval) still starts the flow's whole window.
      local at = math.max(tonumber(held.at), now)
      local value = at .. '|' .. held.tool
      for j, flow in ipairs(held.flows) do
        longest = math.max(longest, tonumber(held.windows[j]))
        newest(wide, 'a:' .. flow, at, value)
        if not held.hc then newest(wide, 'w:' .. flow, at, value) end
      end
      if held.hc then
        local marks = own[held.conv]
        if not marks then
          marks = {}
          own[held.conv] = marks
          seen[#seen + 1] = held.conv
        end
        latest[held.conv] = math.max(latest[held.conv] or now, now)
        for _, flow in ipairs(held.flows) do newest(marks, flow, at, value) end
      end
    end
    call('SET', ticket, 'settled', 'PX', tombstone)
  end
  local counts = agents[agent]
  if not counts then
    counts = { calls = 0, last = wall }
    agents[#agents + 1], agents[agent] = agent, counts
  end
  counts.calls, counts.last = counts.calls + 1, math.max(counts.last, wall)
  counts[field] = (counts[field] or 0) + 1
end

for _, key in ipairs(drops) do
  local set = drops[key]
  call('ZREM', key, unpack(set))
  -- Only entries whose ticket is gone (a caller that died): one older than its window may still be running.
  if set.trim then
    for _, old in ipairs(call('ZRANGEBYSCORE', key, '-inf', '(' .. set.stale)) do
      local other = readTicket(call('GET', base .. 't:' .. old))
      if not other or other.s ~= 'admitted' then call('ZREM', key, old) end
    end
  end
end
if #wide > 0 then
  keep(base .. 'fm', wide)
  extend(base .. 'fm', longest)
end
if #seen > 0 then
  local lru = base .. 'fl'
  for _, conversation in ipairs(seen) do
    keep(base .. 'fc:' .. conversation, own[conversation])
    extend(base .. 'fc:' .. conversation, longest)
    call('ZADD', lru, latest[conversation], conversation)
  end
  extend(lru, longest)
  while call('ZCARD', lru) > maxConversations do fold(call('ZPOPMIN', lru)[1]) end
end
for _, agent in ipairs(agents) do
  local key, counts = base .. 'ag:' .. agent, agents[agent]
  if call('EXISTS', key) == 1 then
    for _, field in ipairs({ 'calls', 'allowed', 'denials', 'failures' }) do
      if counts[field] then call('HINCRBY', key, field, counts[field]) end
    end
    call('HSET', key, 'last', counts.last)
  end
end
return 1
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
