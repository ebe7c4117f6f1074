import { script, TICKET } from "./lib.js";

/**
 * One call's admission, atomic: every limit has room or none is counted; flow marks are read and the call's
 * own marked provisionally (visible to every replica until it settles); grants and a remembered rejection are
 * read. Idempotent per ticket: a retried script returns what the first run admitted, and a ticket already
 * settled or voided admits nothing. All keys share the root's hash tag (KEYS[1] is the ticket). On a single
 * server the suspension version is read here too (in a cluster it lives in another slot, read beside).
 *
 * ARGV: base, member, now ('' = TIME), dry ('1'), ticket ttl, version key ('' = none), then limits (n; id,
 * suffix, max, window), flows ('0' | '1', has conversation, conversation, tool; reads n; enc, id, scope,
 * window; marks n; enc, window), approval ('0' | '1', grants suffix, denial suffix).
 * Returns { status, …, version }: { 'admitted', marks, grants, denial }, { 'limited', id, retry } or { 'void' }.
 */
export const ADMIT = script(
  "admit",
  `${TICKET}
local ticket, base, member = KEYS[1], ARGV[1], ARGV[2]
local now, dry, ticketTtl = clock(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
local version = ARGV[6] ~= '' and (call('GET', ARGV[6]) or '0') or false
local i = 7
local limits = {}
for _ = 1, tonumber(ARGV[i]) do
  limits[#limits + 1] = { id = ARGV[i + 1], suffix = ARGV[i + 2], max = tonumber(ARGV[i + 3]), window = tonumber(ARGV[i + 4]) }
  i = i + 4
end
i = i + 1
local conv, tool, reads, marks = nil, '', {}, {}
if ARGV[i] == '1' then
  if ARGV[i + 1] == '1' then conv = ARGV[i + 2] end
  tool = ARGV[i + 3]
  i = i + 4
  for _ = 1, tonumber(ARGV[i]) do
    reads[#reads + 1] = { enc = ARGV[i + 1], id = ARGV[i + 2], everywhere = ARGV[i + 3] == 'a' or conv == nil, window = tonumber(ARGV[i + 4]) }
    i = i + 4
  end
  i = i + 1
  for _ = 1, tonumber(ARGV[i]) do
    marks[#marks + 1] = { enc = ARGV[i + 1], window = tonumber(ARGV[i + 2]) }
    i = i + 2
  end
end
i = i + 1
local grantsKey, denialKey, denialsKey, denialCap = nil, nil, nil, nil
if ARGV[i] == '1' then
  grantsKey, denialKey, denialsKey, denialCap = base .. ARGV[i + 1], base .. ARGV[i + 2], base .. ARGV[i + 3], tonumber(ARGV[i + 4])
end

local function approvalReads()
  if not grantsKey then return {}, false end
  local grants, held = {}, call('HGETALL', grantsKey)
  for j = 1, #held, 2 do
    local expires, json = stamped(held[j + 1])
    if expires > now then grants[#grants + 1] = json elseif not dry then call('HDEL', grantsKey, held[j]) end
  end
  local expires, denial = stamped(call('GET', denialKey))
  if not expires or expires <= now then denial = false end
  -- A root with as many remembered rejections as the cap is asked nothing more until some expire: forgetting one
  -- to make room would buy a fresh answer for it.
  if not denial then
    local kept = call('ZCOUNT', denialsKey, '(' .. now, '+inf')
    if kept >= denialCap then
      denial = cjson.encode({ root = ARGV[1], tool = '', argsHash = '', by = 'toolgate', at = '',
        reason = 'this agent has ' .. kept .. ' rejected calls on record (the cap); nothing more is asked until they expire' })
    end
  end
  return grants, denial
end

-- A ticket seen before (a retried script): the first run's answer, or nothing for one settled or voided.
local function again(value)
  local held = readTicket(value)
  if held.s ~= 'admitted' then return { 'void', version } end
  local grants, denial = approvalReads()
  return { 'admitted', cjson.decode(held.reply), grants, denial, version }
end

for _, limit in ipairs(limits) do
  limit.key = base .. 'w:' .. limit.suffix
  local count = call('ZCARD', limit.key)
  -- Entries past the window are dropped when the limit looks full (so admission stays exact) and each time the
  -- count reaches a multiple of 64 (so a limit far from full holds what its window holds, plus 64 at most).
  if count >= limit.max or (count > 0 and count % 64 == 0) then
    call('ZREMRANGEBYSCORE', limit.key, '-inf', now - limit.window)
    count = call('ZCARD', limit.key)
  end
  if count >= limit.max then
    local held = call('GET', ticket)
    if held then return again(held) end
    local oldest = call('ZRANGE', limit.key, 0, 0, 'WITHSCORES')
    local retry = oldest[2] and (tonumber(oldest[2]) + limit.window - now) or limit.window
    return { 'limited', limit.id, math.max(0, retry), version }
  end
end

-- A call still running may bring its untrusted data any moment: its provisional mark is current, whatever its
-- age, for as long as its ticket lives (a caller that died leaves it until the ticket expires).
local function provisional(key, window)
  for _, member in ipairs(call('ZREVRANGE', key, 0, -1)) do
    local other = readTicket(call('GET', base .. 't:' .. member))
    if other and other.s == 'admitted' then return now, other.tool or '?' end
  end
end
local found = {}
for _, flow in ipairs(reads) do
  local bestAt, bestTool = nil, nil
  local function take(at, by)
    if at and (not bestAt or at > bestAt) then bestAt, bestTool = at, by end
  end
  if flow.everywhere then
    take(stamped(call('HGET', base .. 'fm', 'a:' .. flow.enc)))
    take(provisional(base .. 'pa:' .. flow.enc, flow.window))
    take(provisional(base .. 'pw:' .. flow.enc, flow.window))
  else
    take(stamped(call('HGET', base .. 'fc:' .. conv, flow.enc)))
    take(stamped(call('HGET', base .. 'fm', 'w:' .. flow.enc)))
    take(provisional(base .. 'pc:' .. flow.enc .. ':' .. conv, flow.window))
    take(provisional(base .. 'pw:' .. flow.enc, flow.window))
  end
  if bestAt and now - bestAt <= flow.window then
    found[#found + 1] = flow.id
    found[#found + 1] = bestTool
    found[#found + 1] = bestAt
  end
end

if dry or (#limits == 0 and #marks == 0) then
  local held = call('GET', ticket)
  if held then return again(held) end
  local grants, denial = approvalReads()
  return { 'admitted', found, grants, denial, version }
end

-- The ticket is written first, only if it is new (one command for the check and the write): a retry stops here.
local suffixes, flows, windows = {}, {}, {}
for _, limit in ipairs(limits) do suffixes[#suffixes + 1] = limit.suffix end
for _, mark in ipairs(marks) do
  flows[#flows + 1] = mark.enc
  windows[#windows + 1] = mark.window
end
local record = { 'admitted', now, conv and '1' or '0', conv or '', table.concat(flows, ' '), table.concat(windows, ' '),
  table.concat(suffixes, ' '), tool, cjson.encode(found) }
local held = call('SET', ticket, table.concat(record, '|'), 'NX', 'GET', 'PX', ticketTtl)
if held then return again(held) end
local grants, denial = approvalReads()
-- TTLs only grow: an admission with a shorter window (another policy, mid-rollout) never forgets a longer one's entries.
for _, limit in ipairs(limits) do
  call('ZADD', limit.key, now, member)
  extend(limit.key, limit.window)
end
-- Provisional marks: 'pw:<flow>' holds those of calls without a conversation (every read sees them); a call in
-- a conversation goes in 'pc:<flow>:<conversation>' (its conversation's reads) and 'pa:<flow>' (agent-wide reads).
-- They live as long as the ticket (the call may run, or wait for approval, past its flow's window).
local function provisionally(key)
  call('ZADD', key, now, member)
  extend(key, ticketTtl)
end
for _, mark in ipairs(marks) do
  if conv then
    provisionally(base .. 'pa:' .. mark.enc)
    provisionally(base .. 'pc:' .. mark.enc .. ':' .. conv)
  else
    provisionally(base .. 'pw:' .. mark.enc)
  end
end
return { 'admitted', found, grants, denial, version }
`,
);
