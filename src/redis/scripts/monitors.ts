import { script } from "./lib.js";

// Keys under a root's prefix (the loose reading of its name): m:c:<id> and m:r:<id> windows of calls and refusals
// (sorted by time, members the calls' tickets), m:d:<id> distinct values (sorted by last seen), m:k:<id> known
// items, m:h:<id> the history of tools run (oldest first), m:g:<id> known sequences, m:s learning starts (one hash,
// KEYS[1]), m:cd:<id> cool-downs (their end, store clock). Windows keep their newest max + 1 entries only.
const WINDOWS = `
local function trimmed(key, now, window, max)
  call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  call('ZREMRANGEBYRANK', key, 0, -(max + 2))
  call('PEXPIRE', key, window)
  return call('ZCARD', key)
end
`;

/**
 * One call's observation by its monitors (see store/monitors.ts), atomic. ARGV: base, member, now ('' = TIME),
 * dry ('1'), draws (n; kind c|d|n|s, id, a, b, items (n; …))  where a/b are max/window (c, d), learn/0 (n),
 * learn/length (s), then cool-downs (n; id). Returns { results ({ observed, learning, items… }), cool-downs left }.
 */
export const OBSERVE_MONITORS = script(
  "observe-monitors",
  `${WINDOWS}
local starts, base, member = KEYS[1], ARGV[1], ARGV[2]
local now, dry = clock(ARGV[3]), ARGV[4] == '1'
local function learning(enc, learn)
  local since = tonumber(call('HGET', starts, enc))
  if not since then
    since = now
    if not dry then call('HSET', starts, enc, now) end
  end
  if now - since < learn then return 1 end
  return 0
end
local results, i = {}, 5
for _ = 1, tonumber(ARGV[i]) do
  local kind, enc, a, b, n = ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5])
  local items = {}
  for j = 1, n do items[j] = ARGV[i + 5 + j] end
  i = i + 5 + n
  local result
  if kind == 'c' or kind == 'd' then
    local key = base .. 'm:' .. kind .. ':' .. enc
    call('ZREMRANGEBYSCORE', key, '-inf', now - b)
    if dry then
      local live = call('ZCARD', key)
      if kind == 'c' then live = live + 1 end
      for _, value in ipairs(items) do if not call('ZSCORE', key, value) then live = live + 1 end end
      result = { math.min(live, a + 1), 0 }
    else
      if kind == 'c' then call('ZADD', key, now, member) end
      for _, value in ipairs(items) do call('ZADD', key, now, value) end
      result = { trimmed(key, now, b, a), 0 }
    end
  elseif kind == 'n' then
    local key = base .. 'm:k:' .. enc
    result = { 0, learning(enc, a) }
    for _, item in ipairs(items) do
      if call('SISMEMBER', key, item) == 0 then result[#result + 1] = item end
    end
    result[1] = #result - 2
  else
    local history = call('LRANGE', base .. 'm:h:' .. enc, -(b - 1), -1)
    result = { 0, learning(enc, a) }
    if #history >= b - 1 then
      history[#history + 1] = items[1]
      if call('SISMEMBER', base .. 'm:g:' .. enc, table.concat(history, '\\n')) == 0 then result[1] = 1 end
      for _, tool in ipairs(history) do result[#result + 1] = tool end
    end
  end
  results[#results + 1] = result
end
local cool = {}
i = i + 1
for _ = 1, tonumber(ARGV[i]) do
  local untilMs = tonumber(call('GET', base .. 'm:cd:' .. ARGV[i + 1]))
  cool[#cool + 1] = (untilMs and untilMs > now) and (untilMs - now) or 0
  i = i + 1
end
return { results, cool }
`,
);

/**
 * How a watched call ended. ARGV: base, member, now, cap, learn (n; id, items (n; …)), sequences (n; id, length,
 * tool, sequence (n; …)), refusals (n; id, max, window). Returns the refusal count of each refusal entry.
 */
export const SETTLE_MONITORS = script(
  "settle-monitors",
  `${WINDOWS}
local base, member, now, cap = ARGV[1], ARGV[2], clock(ARGV[3]), tonumber(ARGV[4])
local function learn(key, item)
  if call('SCARD', key) < cap then call('SADD', key, item) end
end
local i = 5
for _ = 1, tonumber(ARGV[i]) do
  local key, n = base .. 'm:k:' .. ARGV[i + 1], tonumber(ARGV[i + 2])
  for j = 1, n do learn(key, ARGV[i + 2 + j]) end
  i = i + 2 + n
end
i = i + 1
for _ = 1, tonumber(ARGV[i]) do
  local enc, length, tool, n = ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], tonumber(ARGV[i + 4])
  local sequence = {}
  for j = 1, n do sequence[j] = ARGV[i + 4 + j] end
  i = i + 4 + n
  if n > 0 then learn(base .. 'm:g:' .. enc, table.concat(sequence, '\\n')) end
  local history = base .. 'm:h:' .. enc
  call('RPUSH', history, tool)
  call('LTRIM', history, -(length - 1), -1)
end
i = i + 1
local counts = {}
for _ = 1, tonumber(ARGV[i]) do
  local key, max, window = base .. 'm:r:' .. ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  call('ZADD', key, now, member)
  counts[#counts + 1] = trimmed(key, now, window, max)
  i = i + 3
end
return counts
`,
);

/** Starts or extends a cool-down (KEYS[1]) to now + ms; it only ever grows. ARGV: now, ms. */
export const COOL_DOWN = script(
  "cool-down",
  `
local now, ms = clock(ARGV[1]), tonumber(ARGV[2])
local untilMs = now + ms
local held = tonumber(call('GET', KEYS[1]))
if held and held >= untilMs then return held end
call('SET', KEYS[1], untilMs, 'PX', ms)
return untilMs
`,
);
