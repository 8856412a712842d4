-- reserve: take every requested seat for one user, or none of them, in one round trip.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[6+i]}
-- ARGV[1] user   ARGV[2] hold in ms   ARGV[3] n_existing
-- ARGV[4] expiry (ms, Redis clock) of the user's current hold, 0 when there is none
-- ARGV[5] grace in ms: a reservation key younger than this that the caller does not know about
--         is another command's hold in flight
-- ARGV[6] TTL in ms for a free-seat cache found without one (keys::AVAILABLE_TTL_MS)
-- ARGV[6+i] seat ids: the first n_existing are the user's current hold (restarted with the new
--           seats), the rest are the requested seats (which may repeat held ones).
-- KEYS[4+n] (optional, n the number of seats) the other key style's reserved_seats_{st}
--
-- Returns {'ok', now_ms, expires_at_ms, fresh} where fresh=1 means the current hold had already
-- run out and was not carried over; {'taken', now_ms, seat, holder, seat, holder, ...} with
-- holder '' for a lock key of the wrong type; or {'busy', now_ms, reserved_at_ms} when the
-- user's reservation key is not the hold the caller read from SQLite and is younger than the
-- grace: another command for this user is between its Redis and SQLite steps (or crashed
-- there); or {'mixed', now_ms} when KEYS[4+n] exists (see other_style). Nothing is written unless every seat is free or already the user's and the user's
-- hold is the one the caller knows.
local user = ARGV[1]
local hold = tonumber(ARGV[2])
local n_existing = tonumber(ARGV[3])
local existing_exp = tonumber(ARGV[4])
local grace = tonumber(ARGV[5])
local available_ttl = tonumber(ARGV[6])
local n = #ARGV - 6
local now = now_ms()
if other_style(KEYS[4 + n]) then return {'mixed', now} end

local first = 1
local fresh = 1
if n_existing > 0 and now < existing_exp then
  fresh = 0
else
  first = n_existing + 1
end

-- Phase 1: decide. Every check happens before the first write.

-- The user's hold is one reservation key shared by all of their commands: it must be the hold
-- the caller read (compare-and-set on its seats), or two commands of one user would each record
-- a booking for the same locks.
local busy_since = hold_in_flight(read(KEYS[2]), 6, n_existing, fresh, now, grace)
if busy_since then return {'busy', now, busy_since} end

local taken = {'taken', now}
local seen = {}
for i = first, n do
  local seat = ARGV[6 + i]
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

-- Phase 2: write. Every key gets a TTL. Adding seats restarts the hold but never shortens it:
-- until SQLite records the change, a shorter expiry would let the current seats lapse early,
-- and a refused reserve must leave the current hold as it was.
local expires = now + hold
if fresh == 0 and existing_exp > expires then expires = existing_exp end
local seats = {}
local mine = {}
for i = first, n do
  if not mine[ARGV[6 + i]] then
    redis.call('SET', KEYS[3 + i], user, 'PXAT', expires)
    seats[#seats + 1] = ARGV[6 + i]
    mine[ARGV[6 + i]] = true
  end
end

redis.call('SET', KEYS[2], reservation_json(seats, epoch_seconds(now)), 'PXAT', expires)

-- The index of held seats lives as long as its longest hold; the free-seat cache loses them.
index_add(KEYS[1], seats, expires - now)
available_remove(KEYS[3], mine, available_ttl)

return {'ok', now, expires, fresh}
