-- reserve_best: `reserve --best`: take the FIRST of several candidate groups whose seats are all
-- free, for one user, in one round trip; or none of them. The candidates come ranked from the
-- picker (src/seating), read from a snapshot that may be stale by now: choosing here, among
-- the locks as they are, is what keeps concurrent `--best` calls from failing while a group
-- is still free. Otherwise it is `reserve.lua`: the same compare-and-set on the user's hold,
-- the same writes.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[o+i]}, o = 7 + ARGV[7]
-- ARGV[1] user   ARGV[2] hold in ms   ARGV[3] n_existing
-- ARGV[4] expiry (ms, Redis clock) of the user's current hold, 0 when there is none
-- ARGV[5] grace in ms (as reserve.lua)
-- ARGV[6] TTL in ms for a free-seat cache found without one (keys::AVAILABLE_TTL_MS)
-- ARGV[7] n_candidates; ARGV[7+j] the size of candidate j
-- ARGV[o+i] seat ids: the first n_existing are the user's current hold, then each candidate's
--           seats in turn (candidates may share seats; none repeats a held seat).
--
-- KEYS[4+n] (optional, n the number of seat ids) the other key style's reserved_seats_{st}
--
-- Returns {'ok', now_ms, expires_at_ms, fresh, j} with j the candidate taken (1-based);
-- {'none', now_ms} when every candidate has a seat someone else holds (nothing written); or
-- {'busy', now_ms, reserved_at_ms} exactly as reserve.lua; or {'mixed', now_ms} as reserve.lua.
local user = ARGV[1]
local hold = tonumber(ARGV[2])
local n_existing = tonumber(ARGV[3])
local existing_exp = tonumber(ARGV[4])
local grace = tonumber(ARGV[5])
local available_ttl = tonumber(ARGV[6])
local n_candidates = tonumber(ARGV[7])
local o = 7 + n_candidates
local now = now_ms()
if other_style(KEYS[4 + #ARGV - o]) then return {'mixed', now} end

local fresh = 1
if n_existing > 0 and now < existing_exp then fresh = 0 end

-- Phase 1: decide. Every check happens before the first write.

-- The user's hold must be the one the caller read (as reserve.lua).
local busy_since = hold_in_flight(read(KEYS[2]), o, n_existing, fresh, now, grace)
if busy_since then return {'busy', now, busy_since} end

-- The first candidate whose every lock is free (or already this user's).
local chosen, from, to = nil, 0, 0
local at = n_existing
for j = 1, n_candidates do
  local size = tonumber(ARGV[7 + j])
  local all_free = true
  for i = at + 1, at + size do
    local v, err = read(KEYS[3 + i])
    if err or (v and v ~= user) then all_free = false break end
  end
  if all_free then
    chosen, from, to = j, at + 1, at + size
    break
  end
  at = at + size
end
if not chosen then return {'none', now} end

-- Phase 2: write (as reserve.lua): the current hold restarted (if alive), the chosen seats
-- added, every key with a TTL; never shortening the current hold.
local expires = now + hold
if fresh == 0 and existing_exp > expires then expires = existing_exp end
local seats = {}
local mine = {}
local function take(i)
  local seat = ARGV[o + i]
  if not mine[seat] then
    redis.call('SET', KEYS[3 + i], user, 'PXAT', expires)
    seats[#seats + 1] = seat
    mine[seat] = true
  end
end
if fresh == 0 then
  for i = 1, n_existing do take(i) end
end
for i = from, to do take(i) end

redis.call('SET', KEYS[2], reservation_json(seats, epoch_seconds(now)), 'PXAT', expires)
index_add(KEYS[1], seats, expires - now)
available_remove(KEYS[3], mine, available_ttl)

return {'ok', now, expires, fresh, chosen}
