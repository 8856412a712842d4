-- restore: put back a live hold that Redis lost (restarted empty, evicted), with the time it
-- has left, if nobody else has taken its seats meanwhile — or, for the sweep, over whatever
-- else is on them (ARGV[6] = '1'): SQLite's fence gives a live PENDING claim's seats to that
-- booking alone, so any other lock there is backed by no claim (a crash leftover, a lock
-- written by hand, or a reserve in flight that the fence will refuse, and whose undo removes
-- only locks naming its own user).
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[7+i]}
-- ARGV[1] user   ARGV[2] expiry (epoch ms, Redis clock)   ARGV[3] hold start (epoch ms)
-- ARGV[4] the start of a hold of this user that the restore may replace (the caller's own), or ''
-- ARGV[5] grace in ms (see reserve.lua)
-- ARGV[6] '1' to replace other holders' locks on these seats, '0' to refuse them
-- ARGV[7] TTL in ms for a free-seat cache found without one (keys::AVAILABLE_TTL_MS)
-- ARGV[7+i] seat ids
-- KEYS[4+n] (optional, n the number of seats) the other key style's reserved_seats_{st}
--
-- Returns {'ok', now, seat, holder, ...} (the seats whose other lock was replaced, holder '' for
-- a key that was not a string; none unless ARGV[6] is '1') | {'gone', now} (the hold ran out
-- meanwhile) | {'busy', now} (the user's reservation key is another hold, younger than the
-- grace: a command of theirs is in flight) | {'taken', now, seat, holder, ...} | {'mixed', now}
-- (KEYS[4+n] exists: see other_style). Nothing is
-- written unless every seat is free, already the user's, or replaceable, and the user's
-- reservation key is this hold, the replaceable one, an abandoned one or none.
local user = ARGV[1]
local at = tonumber(ARGV[2])
local started = tonumber(ARGV[3])
local replaces = tonumber(ARGV[4])
local grace = tonumber(ARGV[5])
local replace = ARGV[6] == '1'
local available_ttl = tonumber(ARGV[7])
local n = #ARGV - 7
local now = now_ms()
if other_style(KEYS[4 + n]) then return {'mixed', now} end
if at <= now then return {'gone', now} end

local current = read(KEYS[2])
if current then
  local ok, obj = pcall(cjson.decode, current)
  if ok and type(obj) == 'table' and type(obj.reserved_at) == 'number' then
    local other = started_ms(obj.reserved_at)
    if other ~= started and other ~= replaces and now - other < grace then
      return {'busy', now}
    end
  end
end

local taken = {'taken', now}
for i = 1, n do
  local v, err = read(KEYS[3 + i])
  if err then
    taken[#taken + 1] = ARGV[7 + i]
    taken[#taken + 1] = ''
  elseif v and v ~= user then
    taken[#taken + 1] = ARGV[7 + i]
    taken[#taken + 1] = v
  end
end
if #taken > 2 and not replace then return taken end

local seats = {}
local mine = {}
for i = 1, n do
  -- SET replaces a key of any type.
  redis.call('SET', KEYS[3 + i], user, 'PXAT', at)
  seats[#seats + 1] = ARGV[7 + i]
  mine[ARGV[7 + i]] = true
end
redis.call('SET', KEYS[2], reservation_json(seats, epoch_seconds(started)), 'PXAT', at)

index_add(KEYS[1], seats, at - now)
available_remove(KEYS[3], mine, available_ttl)
taken[1] = 'ok'
return taken
