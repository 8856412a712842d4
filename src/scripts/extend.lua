-- extend: move a hold's expiry, only while the user still holds every seat of it.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[2+i] seat_lock:{st}:{ARGV[2+i]}
-- ARGV[1] user   ARGV[2] new expiry, epoch ms on Redis's clock   ARGV[2+i] seat ids
-- KEYS[3+n] (optional, n the number of seats) the other key style's reserved_seats_{st}
--
-- Returns {'ok', now_ms} | {'gone', now_ms, seat...} (locks missing: the hold ran out)
--       | {'other', now_ms, seat, holder, ...} (someone else holds a seat by now)
--       | {'mixed', now_ms} (KEYS[3+n] exists: see other_style).
-- Nothing is written unless every lock is the user's.
local user = ARGV[1]
local at = tonumber(ARGV[2])
local n = #ARGV - 2
local now = now_ms()
if other_style(KEYS[3 + n]) then return {'mixed', now} end

local gone = {'gone', now}
local other = {'other', now}
for i = 1, n do
  local v, err = read(KEYS[2 + i])
  if err then
    other[#other + 1] = ARGV[2 + i]
    other[#other + 1] = ''
  elseif not v then
    gone[#gone + 1] = ARGV[2 + i]
  elseif v ~= user then
    other[#other + 1] = ARGV[2 + i]
    other[#other + 1] = v
  end
end
if #other > 2 then return other end
if #gone > 2 then return gone end
if at <= now then return {'gone', now} end

for i = 1, n do
  redis.call('PEXPIREAT', KEYS[2 + i], at)
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIREAT', KEYS[2], at)
end
-- The index lives as long as its longest hold: only ever lengthen it (GT), and a malformed
-- index without expiry is left for the sweep.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('PEXPIREAT', KEYS[1], at, 'GT')
end
return {'ok', now}
