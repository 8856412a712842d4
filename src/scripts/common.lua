-- Helpers shared by every boxoffice script (prepended to each at build time).
-- Reading never raises: a key of the wrong type or a value that does not parse is reported to
-- the caller, never turned into a half-finished script (Redis keeps writes made before an error).

-- GET that reports a wrong-type key instead of raising. Returns value|nil, err|nil.
local function read(key)
  local v = redis.pcall('GET', key)
  if type(v) == 'table' and v.err then return nil, 'wrongtype' end
  if v == false then return nil, nil end
  return v, nil
end

-- Decode a JSON array of strings; nil when the value is anything else. The second result is
-- true when `raw` is canonical: exactly what encode_array writes, so that a quoted seat id found
-- in its bytes is always a whole element.
local function decode_array(raw)
  if not raw then return nil end
  local ok, v = pcall(cjson.decode, raw)
  if not ok or type(v) ~= 'table' then return nil end
  -- Fast path, without a Lua loop over thousands of seats: what encode_array writes is exactly
  -- '["' .. join(v, '","') .. '"]', and only an array of strings joins back to the same bytes
  -- (table.concat raises on anything but strings and numbers; a number would lose its quotes).
  local joined_ok, joined = pcall(table.concat, v, '","')
  if joined_ok and #v > 0 and '["' .. joined .. '"]' == raw then return v, true end
  local n = 0
  for _ in pairs(v) do n = n + 1 end
  if n ~= #v then return nil end
  for i = 1, #v do
    if type(v[i]) ~= 'string' then return nil end
  end
  return v
end

-- cjson writes an empty table as {}; the scheme's arrays must read as [].
local function encode_array(t)
  if #t == 0 then return '[]' end
  return cjson.encode(t)
end

-- Remaining time of a key, or the fallback when it has none (never write a key without a TTL).
local function pttl_or(key, fallback)
  local t = redis.call('PTTL', key)
  if t > 0 then return t end
  return fallback
end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Epoch seconds with milliseconds, written exactly (cjson would round to 14 digits).
local function epoch_seconds(ms)
  return string.format('%d.%03d', math.floor(ms / 1000), ms % 1000)
end

local function reservation_json(seats, reserved_at)
  return '{"seat_ids":' .. encode_array(seats) .. ',"reserved_at":' .. reserved_at .. '}'
end

-- Up to this many seats, the index keys are edited as bytes (one C search per seat) rather than
-- through a Lua loop over every element: a hold of a seat or two on a 5,000-seat showtime.
local SPLICE_MAX = 4

-- Removes every element `seat` from a canonical array's bytes.
local function splice_out(raw, seat)
  local token = '"' .. seat .. '"'
  while true do
    local i, j = string.find(raw, token, 1, true)
    if not i then return raw end
    if string.sub(raw, j + 1, j + 1) == ',' then
      raw = string.sub(raw, 1, i - 1) .. string.sub(raw, j + 2)
    elseif string.sub(raw, i - 1, i - 1) == ',' then
      raw = string.sub(raw, 1, i - 2) .. string.sub(raw, j + 1)
    else
      return '[]'
    end
  end
end

-- Adds seats to the held-seats index so it lives at least `ttl` ms more. A malformed index is
-- left for the sweep to rebuild rather than overwritten with a partial one.
local function index_add(key, seats, ttl)
  local raw, err = read(key)
  local index, canonical = {}, false
  if raw then index, canonical = decode_array(raw) end
  if not index or err then return end
  local value
  if canonical and #seats <= SPLICE_MAX then
    value = raw
    for _, s in ipairs(seats) do
      if not string.find(value, '"' .. s .. '"', 1, true) then
        value = string.sub(value, 1, -2) .. ',"' .. s .. '"]'
      end
    end
  else
    local present = {}
    for _, s in ipairs(index) do present[s] = true end
    for _, s in ipairs(seats) do
      if not present[s] then
        index[#index + 1] = s
        present[s] = true
      end
    end
    value = encode_array(index)
  end
  local cur = redis.call('PTTL', key)
  if cur > ttl then ttl = cur end
  redis.call('SET', key, value, 'PX', ttl)
end

-- Removes the seats in the set `taken` from the free-seat cache, when it exists and parses.
local function available_remove(key, taken)
  local raw = read(key)
  local avail, canonical = decode_array(raw)
  if not avail then return end
  local k = 0
  for _ in pairs(taken) do k = k + 1 end
  local value
  if canonical and k <= SPLICE_MAX then
    value = raw
    for s in pairs(taken) do value = splice_out(value, s) end
    if value == raw then return end
  else
    local left = {}
    for _, s in ipairs(avail) do
      if not taken[s] then left[#left + 1] = s end
    end
    if #left == #avail then return end
    value = encode_array(left)
  end
  redis.call('SET', key, value, 'PX', pttl_or(key, 3600000))
end

-- Layout order for seat ids: row label length, row label, seat number.
local function seat_parts(s)
  local row, num = string.match(s, '^(%a+)(%d+)$')
  if not row then return 99, s, 0 end
  return #row, row, tonumber(num)
end

local function seat_less(a, b)
  local la, ra, na = seat_parts(a)
  local lb, rb, nb = seat_parts(b)
  if la ~= lb then return la < lb end
  if ra ~= rb then return ra < rb end
  return na < nb
end

