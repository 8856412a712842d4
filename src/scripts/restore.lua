-- restore: put back a live hold that Redis lost (restarted empty, evicted), with the time it
-- has left, if nobody else has taken its seats meanwhile.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[5+i]}
-- ARGV[1] user   ARGV[2] expiry (epoch ms, Redis clock)   ARGV[3] hold start (epoch ms)
-- ARGV[4] the start of a hold of this user that the restore may replace (the caller's own), or ''
-- ARGV[5] grace in ms (see reserve.lua)
-- ARGV[5+i] seat ids
--
-- Returns {'ok', now} | {'gone', now} (the hold ran out meanwhile)
--       | {'busy', now} (the user's reservation key is another hold, younger than the grace:
--         a command of theirs is in flight)
--       | {'taken', now, seat, holder, ...}. Nothing is written unless every seat is free or
-- already the user's, and the user's reservation key is this hold, the replaceable one, an
-- abandoned one or none.
local user = ARGV[1]
local at = tonumber(ARGV[2])
local started = tonumber(ARGV[3])
local replaces = tonumber(ARGV[4])
local grace = tonumber(ARGV[5])
local n = #KEYS - 3
local now = now_ms()
if at <= now then return {'gone', now} end

local current = read(KEYS[2])
if current then
  local ok, obj = pcall(cjson.decode, current)
  if ok and type(obj) == 'table' and type(obj.reserved_at) == 'number' then
    local other = math.floor(obj.reserved_at * 1000 + 0.5)
    if other ~= started and other ~= replaces and now - other < grace then
      return {'busy', now}
    end
  end
end

local taken = {'taken', now}
for i = 1, n do
  local v, err = read(KEYS[3 + i])
  if err then
    taken[#taken + 1] = ARGV[5 + i]
    taken[#taken + 1] = ''
  elseif v and v ~= user then
    taken[#taken + 1] = ARGV[5 + i]
    taken[#taken + 1] = v
  end
end
if #taken > 2 then return taken end

local seats = {}
local mine = {}
for i = 1, n do
  redis.call('SET', KEYS[3 + i], user, 'PXAT', at)
  seats[#seats + 1] = ARGV[5 + i]
  mine[ARGV[5 + i]] = true
end
redis.call('SET', KEYS[2], reservation_json(seats, epoch_seconds(started)), 'PXAT', at)

index_add(KEYS[1], seats, at - now)
available_remove(KEYS[3], mine)
return {'ok', now}
