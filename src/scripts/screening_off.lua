-- screening_off: a cancelled screening's keys, after `showtime cancel` has recorded it in SQLite
-- (the database already refuses every new claim on the showtime; this only clears Redis).
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] available_seats_{st}
-- KEYS[2+i] the showtime's seat_lock: and seat_reservation_ keys to remove (found by SCAN, and
--           those of the holds the cancel released)
-- ARGV[1] TTL in ms of the free-seat cache (keys::AVAILABLE_TTL_MS)
--
-- Every listed key and the held-seats index are removed; the free-seat cache, if it lists any
-- seat (or is not an array), becomes [] so that the guide's readers see nothing on sale. Nothing
-- is written when all is clean already. Returns {keys removed, 1 if the cache was rewritten}.
local available_ttl = tonumber(ARGV[1])
if not available_ttl or available_ttl <= 0 then
  return redis.error_reply('screening_off: bad TTL')
end

local removed = 0
for i = 1, #KEYS do
  if i ~= 2 then
    removed = removed + redis.call('DEL', KEYS[i])
  end
end

local cache_written = 0
local raw, err = read(KEYS[2])
local listed = decode_array(raw)
if err or (raw and (not listed or #listed > 0)) then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[2], '[]', 'PX', available_ttl)
  cache_written = 1
end
return {removed, cache_written}
