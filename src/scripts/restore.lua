-- restore: put back a live hold that Redis lost (restarted empty, evicted), with the time it
-- has left, if nobody else has taken its seats meanwhile.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[3+i]}
-- ARGV[1] user   ARGV[2] expiry (epoch ms, Redis clock)   ARGV[3] hold start (epoch ms)
-- ARGV[3+i] seat ids
--
-- Returns {'ok', now} | {'gone', now} (the hold ran out meanwhile)
--       | {'taken', now, seat, holder, ...}. Nothing is written unless every seat is free or
-- already the user's.
local user = ARGV[1]
local at = tonumber(ARGV[2])
local started = tonumber(ARGV[3])
local n = #KEYS - 3
local now = now_ms()
if at <= now then return {'gone', now} end

local taken = {'taken', now}
for i = 1, n do
  local v, err = read(KEYS[3 + i])
  if err then
    taken[#taken + 1] = ARGV[3 + i]
    taken[#taken + 1] = ''
  elseif v and v ~= user then
    taken[#taken + 1] = ARGV[3 + i]
    taken[#taken + 1] = v
  end
end
if #taken > 2 then return taken end

local seats = {}
local mine = {}
for i = 1, n do
  redis.call('SET', KEYS[3 + i], user, 'PXAT', at)
  seats[#seats + 1] = ARGV[3 + i]
  mine[ARGV[3 + i]] = true
end
redis.call('SET', KEYS[2], reservation_json(seats, epoch_seconds(started)), 'PXAT', at)

index_add(KEYS[1], seats, at - now)
available_remove(KEYS[3], mine)
return {'ok', now}
