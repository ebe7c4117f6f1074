import { script } from "./lib.js";

// Shared by every approval script. ARGV[1..5] are always: base, now, keep (ms a settled record is kept),
// cap (pending requests, and settled records kept), channel. A record is the hash r:<id> with q (request
// json), s (status), a (answer json), y (why), c (claimed by), d (deadline, store clock), e (expiresAt text).
// Pending ids are in 'open' by deadline, every id in 'all' by creation, settled ids in 'done' by settle time.
const APPROVALS = `
local base, now, keep, cap, channel = ARGV[1], clock(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local function settle(id, status, why)
  local key = base .. 'r:' .. id
  redis.call('HSET', key, 's', status)
  if why then redis.call('HSET', key, 'y', why) end
  redis.call('ZREM', base .. 'open', id)
  redis.call('ZADD', base .. 'done', now, id)
  redis.call('PEXPIRE', key, keep)
  redis.call('PUBLISH', channel, id)
  local stale = redis.call('ZRANGEBYSCORE', base .. 'done', '-inf', now - keep)
  local extra = redis.call('ZCARD', base .. 'done') - cap
  if extra > 0 then
    for _, old in ipairs(redis.call('ZRANGE', base .. 'done', 0, extra - 1)) do stale[#stale + 1] = old end
  end
  for _, old in ipairs(stale) do
    if old ~= id then
      redis.call('ZREM', base .. 'done', old)
      redis.call('ZREM', base .. 'all', old)
      redis.call('DEL', base .. 'r:' .. old)
    end
  end
end
local function expire(id)
  settle(id, 'expired', 'expired at ' .. (redis.call('HGET', base .. 'r:' .. id, 'e') or '?'))
end
local function current(id)
  local held = redis.call('HMGET', base .. 'r:' .. id, 's', 'd')
  if held[1] == 'pending' and tonumber(held[2]) <= now then expire(id) end
  return held[1]
end
local function expireDue()
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', base .. 'open', '-inf', now, 'LIMIT', 0, 1000)) do expire(id) end
end
local function record(id)
  local held = redis.call('HMGET', base .. 'r:' .. id, 'q', 's', 'a', 'y', 'c', 'd')
  if not held[1] then return false end
  return { held[1], held[2], held[3] or '', held[4] or '', held[5] or '', tonumber(held[6]) - now }
end
`;

const approvalScript = (name: string, body: string) => script(`approvals_${name}`, `${APPROVALS}\n${body}`);

/** ARGV[6..]: id, request json, ttl, expiresAt text. Returns { 'ok', record } or { 'full', count }. */
export const OPEN = approvalScript(
  "open",
  `
local id = ARGV[6]
expireDue()
if current(id) then return { 'ok', record(id) } end
local pending = redis.call('ZCARD', base .. 'open')
if pending >= cap then return { 'full', pending } end
local deadline = now + tonumber(ARGV[8])
redis.call('HSET', base .. 'r:' .. id, 'q', ARGV[7], 's', 'pending', 'd', deadline, 'e', ARGV[9])
redis.call('PEXPIRE', base .. 'r:' .. id, tonumber(ARGV[8]) + keep)
redis.call('ZADD', base .. 'open', deadline, id)
redis.call('ZADD', base .. 'all', redis.call('INCR', base .. 'seq'), id)
return { 'ok', record(id) }
`,
);

/** ARGV[6..]: id, status (approved | rejected), answer json. Returns { 'ok' | 'unknown' | 'settled', record }. */
export const ANSWER = approvalScript(
  "answer",
  `
local id = ARGV[6]
local status = current(id)
if not status then return { 'unknown' } end
if status ~= 'pending' then return { 'settled', record(id) } end
redis.call('HSET', base .. 'r:' .. id, 'a', ARGV[8])
settle(id, ARGV[7])
return { 'ok', record(id) }
`,
);

/** ARGV[6..]: id, why. Cancels a pending request; returns its status before. */
export const CANCEL = approvalScript(
  "cancel",
  `
local id = ARGV[6]
local status = current(id)
if status == 'pending' then settle(id, 'cancelled', ARGV[7]) end
return status
`,
);

/** ARGV[6..]: id, call id. Returns 1 when this call is the one that uses the approval, else 0. */
export const CLAIM = approvalScript(
  "claim",
  `
local id = ARGV[6]
if current(id) ~= 'approved' then return 0 end
if redis.call('HSETNX', base .. 'r:' .. id, 'c', ARGV[7]) == 1 then return 1 end
return 0
`,
);

/** ARGV[6..]: id. Returns the record, or nil. */
export const GET = approvalScript(
  "get",
  `
current(ARGV[6])
return record(ARGV[6])
`,
);

/** Returns every kept record, oldest first (flat: six fields each). */
export const LIST = approvalScript(
  "list",
  `
expireDue()
local out = {}
for _, id in ipairs(redis.call('ZRANGE', base .. 'all', 0, -1)) do
  current(id)
  local held = record(id)
  if held then for _, value in ipairs(held) do out[#out + 1] = value end
  else redis.call('ZREM', base .. 'all', id) end
end
return out
`,
);
