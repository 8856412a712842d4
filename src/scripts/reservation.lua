-- reservation: rewrite one user's seat_reservation_ key from that user's locks.
--
-- KEYS[1] seat_reservation_{st}_{user}   KEYS[1+i] seat_lock:{st}:{ARGV[3+i]}
-- ARGV[1] user   ARGV[2] reserved_at (epoch seconds, as text)
-- ARGV[3] TTL in ms when none of the locks has one (keys::RESERVATION_FALLBACK_TTL_MS)
-- ARGV[3+i] candidate seat ids
--
-- The key lists exactly the candidates the user still locks and lives as long as the longest
-- of those locks; with none left it is deleted. Returns the number of seats listed.
local user = ARGV[1]
local fallback = tonumber(ARGV[3])
local seats = {}
local longest = 0
for i = 2, #KEYS do
  local v, err = read(KEYS[i])
  if not err and v == user then
    seats[#seats + 1] = ARGV[2 + i]
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl > longest then longest = ttl end
  end
end
if #seats == 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
if longest <= 0 then longest = fallback end
redis.call('SET', KEYS[1], reservation_json(seats, ARGV[2]), 'PX', longest)
return #seats
