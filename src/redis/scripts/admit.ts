import { script } from "./lib.js";

/**
 * One call's admission, atomic: every limit has room or none is counted; flow marks are read and the call's
 * own marked provisionally (visible to every replica until it settles); grants and a remembered rejection are
 * read. Idempotent per ticket: a retried script returns what the first run admitted, and a ticket already
 * settled or voided admits nothing. All keys share the root's hash tag (KEYS[1] is the ticket).
 *
 * ARGV: base, member, now ('' = TIME), dry ('1'), ticket ttl, then limits (n; id, suffix, max, window), flows
 * ('0' | '1', has conversation, conversation, tool; reads n; enc, id, scope, window; marks n; enc, window),
 * approval ('0' | '1', grants suffix, denial suffix).
 */
export const ADMIT = script(
  "admit",
  `
local ticket, base, member = KEYS[1], ARGV[1], ARGV[2]
local now, dry, ticketTtl = clock(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
local i = 6
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
local grantsKey, denialKey = nil, nil
if ARGV[i] == '1' then grantsKey, denialKey = base .. ARGV[i + 1], base .. ARGV[i + 2] end

local function approvalReads()
  if not grantsKey then return {}, false end
  local grants, held = {}, redis.call('HGETALL', grantsKey)
  for j = 1, #held, 2 do
    local expires, json = stamped(held[j + 1])
    if expires > now then grants[#grants + 1] = json elseif not dry then redis.call('HDEL', grantsKey, held[j]) end
  end
  local expires, denial = stamped(redis.call('GET', denialKey))
  if not expires or expires <= now then denial = false end
  return grants, denial
end

local state = redis.call('HGET', ticket, 's')
if state == 'admitted' then
  local grants, denial = approvalReads()
  return { 'admitted', cjson.decode(redis.call('HGET', ticket, 'r')), grants, denial }
elseif state then
  return { 'void' }
end

for _, limit in ipairs(limits) do
  limit.key = base .. 'w:' .. limit.suffix
  redis.call('ZREMRANGEBYSCORE', limit.key, '-inf', now - limit.window)
  if redis.call('ZCARD', limit.key) >= limit.max then
    local oldest = redis.call('ZRANGE', limit.key, 0, 0, 'WITHSCORES')
    local retry = oldest[2] and (tonumber(oldest[2]) + limit.window - now) or limit.window
    return { 'limited', limit.id, math.max(0, retry) }
  end
end

local function provisional(key, window)
  if not dry then redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - window)) end
  local top = redis.call('ZREVRANGEBYSCORE', key, '+inf', now - window, 'WITHSCORES', 'LIMIT', 0, 1)
  if top[1] then return tonumber(top[2]), redis.call('HGET', base .. 't:' .. top[1], 'tool') or '?' end
end
local found = {}
for _, flow in ipairs(reads) do
  local bestAt, bestTool = nil, nil
  local function take(at, by)
    if at and (not bestAt or at > bestAt) then bestAt, bestTool = at, by end
  end
  if flow.everywhere then
    take(stamped(redis.call('HGET', base .. 'fa', flow.enc)))
    take(provisional(base .. 'pa:' .. flow.enc, flow.window))
  else
    take(stamped(redis.call('HGET', base .. 'fc:' .. conv, flow.enc)))
    take(stamped(redis.call('HGET', base .. 'fw', flow.enc)))
    take(provisional(base .. 'pc:' .. flow.enc .. ':' .. conv, flow.window))
    take(provisional(base .. 'pw:' .. flow.enc, flow.window))
  end
  if bestAt and now - bestAt <= flow.window then
    found[#found + 1] = flow.id
    found[#found + 1] = bestTool
    found[#found + 1] = bestAt
  end
end

local grants, denial = approvalReads()
if dry or (#limits == 0 and #marks == 0) then return { 'admitted', found, grants, denial } end

local suffixes, flows, windows = {}, {}, {}
for _, limit in ipairs(limits) do
  redis.call('ZADD', limit.key, now, member)
  redis.call('PEXPIRE', limit.key, limit.window)
  suffixes[#suffixes + 1] = limit.suffix
end
for _, mark in ipairs(marks) do
  local all = base .. 'pa:' .. mark.enc
  local own = conv and (base .. 'pc:' .. mark.enc .. ':' .. conv) or (base .. 'pw:' .. mark.enc)
  redis.call('ZADD', all, now, member)
  extend(all, mark.window)
  redis.call('ZADD', own, now, member)
  extend(own, mark.window)
  flows[#flows + 1] = mark.enc
  windows[#windows + 1] = mark.window
end
redis.call('HSET', ticket, 's', 'admitted', 'r', cjson.encode(found), 'at', now, 'tool', tool, 'c', conv or '',
  'hc', conv and '1' or '0', 'f', table.concat(flows, ' '), 'fw', table.concat(windows, ' '), 'l', table.concat(suffixes, ' '))
redis.call('PEXPIRE', ticket, ticketTtl)
return { 'admitted', found, grants, denial }
`,
);
