-- reindex: rebuild a showtime's two index keys from its locks, atomically.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] available_seats_{st}
-- KEYS[2+i] seat_lock:{st}:{ARGV[2+i]} for every seat of the layout that is not sold
-- ARGV[1] TTL in ms for a held-seats index whose locks all lack one
-- ARGV[2] TTL in ms of the free-seat cache (keys::AVAILABLE_TTL_MS)
-- ARGV[2+i] seat ids, in layout order
--
-- reserved_seats_ becomes the seats with a user's lock, living as long as the longest lock;
-- available_seats_ becomes the seats without one, for ARGV[2] ms (an hour). A key is written
-- only when its value or TTL is wrong. Returns the number of keys written.
local fallback = tonumber(ARGV[1])
local available_ttl = tonumber(ARGV[2])
local n = #KEYS - 2
local held, free = {}, {}
local longest = 0
-- A seat counts as held when its lock names a user id, as inspect judges it: a lock that is
-- empty, not a user id or not a string is a corrupt key (reported, removed by a forced release),
-- and the seat behind it is listed as free, or the indexes would never agree with inspect.
local function holder(v)
  return v and #v <= 64 and string.find(v, '^[%w][%w%.@%-]*$') ~= nil
end
for i = 1, n do
  local v = read(KEYS[2 + i])
  if not holder(v) then
    free[#free + 1] = ARGV[2 + i]
  else
    held[#held + 1] = ARGV[2 + i]
    local ttl = redis.call('PTTL', KEYS[2 + i])
    if ttl > longest then longest = ttl end
  end
end
if longest <= 0 then longest = fallback end

local written = 0
local function put(key, value, ttl, keep_ttl)
  local cur = read(key)
  local pttl = redis.call('PTTL', key)
  if cur == value and pttl > 0 and (keep_ttl or pttl >= ttl - 1000) then return end
  redis.call('SET', key, value, 'PX', ttl)
  written = written + 1
end

if #held == 0 then
  if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('DEL', KEYS[1])
    written = written + 1
  end
else
  put(KEYS[1], encode_array(held), longest, false)
end
put(KEYS[2], encode_array(free), available_ttl, true)
return written
