import { createHash } from "node:crypto";

/** A Lua script run with EVALSHA (and EVAL when the server does not have it, after a restart or failover). */
export interface Script {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

// Helpers every script shares. `clock` reads Redis TIME (one clock for all replicas) unless a test passed its
// own time; `stamped` splits the "<ms>|<rest>" values that carry their own expiry or mark time; `extend`
// makes a key live at least `ms` longer (TTLs only ever grow, so cleanup never forgets before the logic does).
const LIB = `
local call = redis.call
local function clock(given)
  if given ~= '' then return tonumber(given) end
  local t = call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function words(text)
  local list = {}
  if text then for word in string.gmatch(text, '%S+') do list[#list + 1] = word end end
  return list
end
local function stamped(value)
  if not value then return nil end
  local sep = string.find(value, '|', 1, true)
  return tonumber(string.sub(value, 1, sep - 1)), string.sub(value, sep + 1)
end
local function extend(key, ms)
  local ttl = call('PTTL', key)
  if ttl == -1 or (ttl >= 0 and ttl < ms) then call('PEXPIRE', key, ms) end
end
`;

/**
 * A ticket is one string: 'admitted|<at>|<has conversation>|<conversation>|<flows>|<windows>|<limits>|<tool>|<reply>'
 * while its call runs (parts encoded, lists space-separated, the reply JSON last), then 'settled' or 'void'.
 */
export const TICKET = `
local function readTicket(value)
  if not value then return nil end
  local s, at, hc, conv, flows, windows, limits, tool, reply =
    string.match(value, '^(%a+)|(-?%d+)|(%d)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  if not s then return { s = value } end
  return { s = s, at = tonumber(at), hc = hc == '1', conv = conv, flows = words(flows), windows = words(windows),
    limits = words(limits), tool = tool, reply = reply }
end
local function dropProvisional(base, member, held)
  for _, flow in ipairs(held.flows) do
    if held.hc then
      call('ZREM', base .. 'pa:' .. flow, member)
      call('ZREM', base .. 'pc:' .. flow .. ':' .. held.conv, member)
    else
      call('ZREM', base .. 'pw:' .. flow, member)
    end
  end
end
`;

/**
 * A script with the shared helpers. The `#!lua` line makes Redis (7.0 and later) refuse the whole script when
 * it is out of memory, instead of failing at its first write and leaving the writes before it.
 */
export function script(name: string, body: string): Script {
  const source = `#!lua\n-- toolgate: ${name}\n${LIB}\n${body}`;
  return { name, source, sha: createHash("sha1").update(source).digest("hex") };
}
