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

-- Decode a JSON array of strings; nil when the value is anything else.
local function decode_array(raw)
  if not raw then return nil end
  local ok, v = pcall(cjson.decode, raw)
  if not ok or type(v) ~= 'table' then return nil end
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

-- Whether the other key style has a held-seats index for this showtime: the key is passed after
-- a script's own keys (`nil` when not passed: on a Cluster it sits in another slot, and the
-- caller checks it with a read before). A script that takes or keeps a hold refuses then, before
-- anything else, so that one showtime's holds are never split between two key styles.
local function other_style(key)
  return key ~= nil and redis.call('EXISTS', key) == 1
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

-- A hold's start in epoch ms, from its reservation value's reserved_at (epoch seconds).
local function started_ms(reserved_at)
  return math.floor(reserved_at * 1000 + 0.5)
end

local function reservation_json(seats, reserved_at)
  return '{"seat_ids":' .. encode_array(seats) .. ',"reserved_at":' .. reserved_at .. '}'
end

-- Up to this many seats, the index keys are edited as bytes (one C search per seat), without
-- decoding them: a hold of a seat or two on a 5,000-seat showtime. Decoding a whole-showtime
-- array costs more than all the rest of a hold.
local SPLICE_MAX = 4

-- Whether `raw` has the outline of a non-empty array of strings as encode_array writes it:
-- '["' first, '"]' last, and no escapes (one memchr). Enough to splice exactly (see
-- find_element); anything else is decoded.
local function spliceable(raw)
  return string.sub(raw, 1, 2) == '["' and string.sub(raw, -2) == '"]'
    and not string.find(raw, '\\', 1, true)
end

-- Where the element `seat` is in such an array: its quoted token's first and last byte, nil
-- when absent, or false when the token occurs but not as a whole element (then the value is
-- not in encode_array's form, and the caller decodes it instead).
--
-- Why a plain search is exact: without escapes every '"' delimits a string, and a seat id is
-- no separator, so '"A1"' in a JSON array of strings is always the element "A1". Checking that
-- '[' or ',' comes before it and ',' or ']' after it catches whitespace and values that are not
-- arrays of strings (nested arrays, objects), which are decoded instead. An edit made this way
-- leaves any valid JSON valid, and a malformed value malformed, for the sweep to rebuild.
local function find_element(raw, seat, from)
  -- The search starts at the seat id's first byte, not at its opening quote: a quote occurs
  -- every few bytes of the array, a row letter far less often, and Lua's plain find stops at
  -- every occurrence of the first byte.
  local token = seat .. '"'
  local init = (from or 1) + 1
  while true do
    local i, j = string.find(raw, token, init, true)
    if not i then return nil end
    if string.byte(raw, i - 1) == 34 then
      local before = string.byte(raw, i - 2)
      local after = string.byte(raw, j + 1)
      if (before == 91 or before == 44) and (after == 44 or after == 93) then return i - 1, j end
      return false
    end
    init = i + 1
  end
end

-- Removes every element `seat` from a spliceable array's bytes; nil when that can't be done
-- safely (see find_element).
local function splice_out(raw, seat)
  while true do
    local i, j = find_element(raw, seat)
    if i == nil then return raw end
    if not i then return nil end
    if string.byte(raw, j + 1) == 44 then
      raw = string.sub(raw, 1, i - 1) .. string.sub(raw, j + 2)
    elseif string.byte(raw, i - 1) == 44 then
      raw = string.sub(raw, 1, i - 2) .. string.sub(raw, j + 1)
    elseif #raw == j - i + 3 then
      return '[]'
    else
      return nil
    end
  end
end

-- Adds seats to the held-seats index so it lives at least `ttl` ms more. A malformed index is
-- left for the sweep to rebuild rather than overwritten with a partial one.
local function index_add(key, seats, ttl)
  local raw, err = read(key)
  if err then return end
  if raw and #seats <= SPLICE_MAX and spliceable(raw) then
    -- Written whole with SET, not appended in place with SETRANGE: that would be faster, but
    -- Redis grows a string it appends to by up to 2x, and this key is part of every hold's
    -- memory (the guide writes it with SET).
    local add = {}
    local adding = {}
    for _, s in ipairs(seats) do
      local i = find_element(raw, s)
      if i == false then
        add = nil
        break
      elseif i == nil and not adding[s] then
        adding[s] = true
        add[#add + 1] = ',"' .. s .. '"'
      end
    end
    if add then
      local cur = redis.call('PTTL', key)
      if cur > ttl then ttl = cur end
      if #add > 0 then
        redis.call('SET', key, string.sub(raw, 1, -2) .. table.concat(add) .. ']', 'PX', ttl)
      elseif cur < ttl then
        redis.call('PEXPIRE', key, ttl)
      end
      return
    end
  end
  local index = {}
  if raw then index = decode_array(raw) end
  if not index then return end
  local present = {}
  for _, s in ipairs(index) do present[s] = true end
  for _, s in ipairs(seats) do
    if not present[s] then
      index[#index + 1] = s
      present[s] = true
    end
  end
  local cur = redis.call('PTTL', key)
  if cur > ttl then ttl = cur end
  redis.call('SET', key, encode_array(index), 'PX', ttl)
end

-- Removes the seats in the set `taken` from the free-seat cache, when it exists and parses; a
-- cache found without a TTL gets `ttl` ms (the caller's ARGV: no TTL is spelled in Lua).
local function available_remove(key, taken, ttl)
  local raw = read(key)
  if not raw or raw == '[]' then return end
  local k = 0
  for _ in pairs(taken) do k = k + 1 end
  if k <= SPLICE_MAX and spliceable(raw) then
    local seat = next(taken)
    local i, j = find_element(raw, seat)
    if k == 1 and i and find_element(raw, seat, j + 1) == nil then
      -- The usual hold: one seat, found once. The new value goes to Redis in two pieces (SET,
      -- then APPEND), so Lua builds no copy of the whole array: making a Lua string costs
      -- about a nanosecond a byte, and the array can be 30 KB. The price is memory: Redis
      -- grows the appended string up to twice its length. This key is a cache of at most one
      -- row per seat, outside every hold's keys, so the speed is taken.
      local head, tail
      if string.byte(raw, j + 1) == 44 then
        head, tail = string.sub(raw, 1, i - 1), string.sub(raw, j + 2)
      elseif string.byte(raw, i - 1) == 44 then
        head, tail = string.sub(raw, 1, i - 2), string.sub(raw, j + 1)
      elseif #raw == j - i + 3 then
        head, tail = '[]', ''
      end
      if head then
        redis.call('SET', key, head, 'PX', pttl_or(key, ttl))
        if tail ~= '' then redis.call('APPEND', key, tail) end
        return
      end
    elseif k == 1 and i == nil then
      return
    else
      local value = raw
      for s in pairs(taken) do
        value = splice_out(value, s)
        if not value then break end
      end
      if value then
        if value ~= raw then
          redis.call('SET', key, value, 'PX', pttl_or(key, ttl))
        end
        return
      end
    end
  end
  local avail = decode_array(raw)
  if not avail then return end
  local left = {}
  for _, s in ipairs(avail) do
    if not taken[s] then left[#left + 1] = s end
  end
  if #left == #avail then return end
  redis.call('SET', key, encode_array(left), 'PX', pttl_or(key, ttl))
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


-- Sorts seat ids into layout order (seat_less's), each id's parts worked out once: comparing
-- by seat_less parses both ids at every step, which made putting one freed seat back into a
-- 1,000-seat free-seat cache cost about 10 ms of Redis time.
local function sort_seats(t)
  local key = {}
  for _, s in ipairs(t) do
    if not key[s] then key[s] = {seat_parts(s)} end
  end
  table.sort(t, function(a, b)
    local ka, kb = key[a], key[b]
    if ka[1] ~= kb[1] then return ka[1] < kb[1] end
    if ka[2] ~= kb[2] then return ka[2] < kb[2] end
    return ka[3] < kb[3]
  end)
end

-- Where `seat` goes in the array `t`, kept in layout order: after every seat before it (a
-- binary search: about ten comparisons in a 1,000-seat cache).
local function layout_position(t, seat)
  local lo, hi = 1, #t + 1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if seat_less(t[mid], seat) then lo = mid + 1 else hi = mid end
  end
  return lo
end

-- Puts the seats of `freed` that the decoded free-seat cache `avail` does not list into it, in
-- layout order; returns whether it changed. Every writer keeps the cache in that order (reindex
-- writes it so; the others take seats out, or put them in here), so each seat goes in by a
-- binary search. Sorting the whole array instead cost a 1,000-seat showtime's release or move
-- about 5 ms of Redis time, more than all the rest of the command. A cache found out of order
-- where a seat goes in is sorted whole, as before; one out of order elsewhere (only a
-- hand-written value can be) keeps that order until the sweep rebuilds it, with the right seats.
local function available_add(avail, freed)
  local wanted = {}
  local k = 0
  for _, s in ipairs(freed) do
    if not wanted[s] then
      wanted[s] = true
      k = k + 1
    end
  end
  for _, s in ipairs(avail) do
    if k == 0 then return false end
    if wanted[s] then
      wanted[s] = nil
      k = k - 1
    end
  end
  if k == 0 then return false end
  for _, s in ipairs(freed) do
    if wanted[s] then
      local i = layout_position(avail, s)
      if i > 1 and seat_less(s, avail[i - 1]) then
        for _, rest in ipairs(freed) do
          if wanted[rest] then
            avail[#avail + 1] = rest
            wanted[rest] = nil
          end
        end
        sort_seats(avail)
        return true
      end
      table.insert(avail, i, s)
      wanted[s] = nil
    end
  end
  return true
end

-- The user's hold is one reservation key shared by all of their commands, so a reserve changes
-- it only if it is the hold the caller read from SQLite (a compare-and-set on its seats): the
-- seats ARGV[offset+1 .. offset+n_existing] while that hold still runs (`fresh` 0), none once
-- it ran out. A key that is another hold and younger than `grace` is another command of this
-- user between its Redis and SQLite steps (or crashed there): returns that hold's start in ms;
-- nil when the reserve may go on (no key, the expected hold, a malformed key, or an old one).
local function hold_in_flight(current, offset, n_existing, fresh, now, grace)
  if not current then return nil end
  local ok, obj = pcall(cjson.decode, current)
  if not (ok and type(obj) == 'table' and type(obj.seat_ids) == 'table'
      and type(obj.reserved_at) == 'number') then
    return nil
  end
  local expected = {}
  local n_expected = 0
  if fresh == 0 then
    for i = 1, n_existing do
      if not expected[ARGV[offset + i]] then
        expected[ARGV[offset + i]] = true
        n_expected = n_expected + 1
      end
    end
  end
  local same = true
  local found = {}
  local n_found = 0
  for _, s in ipairs(obj.seat_ids) do
    if not expected[s] then same = false break end
    if not found[s] then
      found[s] = true
      n_found = n_found + 1
    end
  end
  local started = started_ms(obj.reserved_at)
  if (not same or n_found ~= n_expected) and now - started < grace then
    return started
  end
  return nil
end
