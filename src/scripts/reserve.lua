-- reserve: take every requested seat for one user, or none of them, in one round trip.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[4+i]}
-- ARGV[1] user   ARGV[2] hold in ms   ARGV[3] n_existing
-- ARGV[4] expiry (ms, Redis clock) of the user's current hold, 0 when there is none
-- ARGV[4+i] seat ids: the first n_existing are the user's current hold (restarted with the new
--           seats), the rest are the requested seats (which may repeat held ones).
--
-- Returns {'ok', now_ms, expires_at_ms, fresh} where fresh=1 means the current hold had already
-- run out and was not carried over; or {'taken', now_ms, seat, holder, seat, holder, ...} with
-- holder '' for a lock key of the wrong type. Nothing is written unless every seat is free or
-- already the user's.
local user = ARGV[1]
local hold = tonumber(ARGV[2])
local n_existing = tonumber(ARGV[3])
local existing_exp = tonumber(ARGV[4])
local n = #KEYS - 3
local now = now_ms()

local first = 1
local fresh = 1
if n_existing > 0 and now < existing_exp then
  fresh = 0
else
  first = n_existing + 1
end

-- Phase 1: decide. Every check happens before the first write.
local taken = {'taken', now}
local seen = {}
for i = first, n do
  local seat = ARGV[4 + i]
  if not seen[seat] then
    seen[seat] = true
    local v, err = read(KEYS[3 + i])
    if err then
      taken[#taken + 1] = seat
      taken[#taken + 1] = ''
    elseif v and v ~= user then
      taken[#taken + 1] = seat
      taken[#taken + 1] = v
    end
  end
end
if #taken > 2 then return taken end

-- Phase 2: write. Every key gets a TTL.
local expires = now + hold
local seats = {}
local mine = {}
for i = first, n do
  if not mine[ARGV[4 + i]] then
    redis.call('SET', KEYS[3 + i], user, 'PXAT', expires)
    seats[#seats + 1] = ARGV[4 + i]
    mine[ARGV[4 + i]] = true
  end
end

redis.call('SET', KEYS[2], reservation_json(seats, epoch_seconds(now)), 'PXAT', expires)

-- The index of held seats lives as long as its longest hold; the free-seat cache loses them.
index_add(KEYS[1], seats, hold)
available_remove(KEYS[3], mine)

return {'ok', now, expires, fresh}
