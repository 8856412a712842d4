-- move_take: the first step of a move. Locks the target seats of one showtime for the booking's
-- user, or none of them, so that from here until the move ends no third customer can take one.
-- SQLite then moves the claims (the fence decides); the caller ends the old locks after that.
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[6+i]}
-- ARGV[1] user
-- ARGV[2] 'hold' (a PENDING booking: the locks live as long as the hold, and its reservation key
--         lists them) or 'sale' (a CONFIRMED one: short in-flight locks, no reservation key)
-- ARGV[3] 'hold': the hold's expiry (epoch ms, Redis clock); 'sale': unused, 0
-- ARGV[4] 'sale': how long the in-flight locks live, in ms (holds::IN_FLIGHT_GRACE)
-- ARGV[5] 'hold': the hold's start (epoch ms, Redis clock, its reservation key's reserved_at)
-- ARGV[6] TTL in ms for a free-seat cache found without one (keys::AVAILABLE_TTL_MS)
-- ARGV[6+i] target seat ids (distinct)
-- KEYS[4+n] (optional, n the number of seats) the other key style's reserved_seats_{st}
--
-- Returns {'ok', now_ms, locks_expire_at_ms} | {'taken', now_ms, seat, holder, ...} (any lock on
-- a target seat, whoever it names, holder '' for a key that is not a string) | {'gone', now_ms}
-- (the hold ran out) | {'busy', now_ms, reserved_at_ms} (the user's reservation key is another
-- hold than the booking's) | {'mixed', now_ms} (KEYS[4+n] exists: see other_style). Nothing is
-- written unless every target seat has no lock at all.
local user = ARGV[1]
local mode = ARGV[2]
local hold_exp = tonumber(ARGV[3])
local grace = tonumber(ARGV[4])
local started = tonumber(ARGV[5])
local available_ttl = tonumber(ARGV[6])
local n = #ARGV - 6
local now = now_ms()
if other_style(KEYS[4 + n]) then return {'mixed', now} end

-- Phase 1: decide. Every check happens before the first write.
local until_ms
local obj = nil
if mode == 'hold' then
  if hold_exp <= now then return {'gone', now} end
  until_ms = hold_exp
  local raw = read(KEYS[2])
  if raw then
    local ok, v = pcall(cjson.decode, raw)
    if ok and type(v) == 'table' and type(v.seat_ids) == 'table'
        and type(v.reserved_at) == 'number' then
      local other = started_ms(v.reserved_at)
      if other ~= started then return {'busy', now, other} end
      obj = v
    end
  end
else
  until_ms = now + grace
end

local taken = {'taken', now}
for i = 1, n do
  local v, err = read(KEYS[3 + i])
  if err then
    taken[#taken + 1] = ARGV[6 + i]
    taken[#taken + 1] = ''
  elseif v then
    taken[#taken + 1] = ARGV[6 + i]
    taken[#taken + 1] = v
  end
end
if #taken > 2 then return taken end

-- Phase 2: write. Every key gets a TTL.
local seats = {}
local mine = {}
for i = 1, n do
  redis.call('SET', KEYS[3 + i], user, 'PXAT', until_ms)
  seats[#seats + 1] = ARGV[6 + i]
  mine[ARGV[6 + i]] = true
end

-- The hold's reservation key lists the target seats too until the old ones are let go: the
-- user's locks and their key agree at every step.
if mode == 'hold' then
  local listed = {}
  if obj then
    for _, s in ipairs(obj.seat_ids) do
      if not mine[s] then listed[#listed + 1] = s end
    end
  end
  for _, s in ipairs(seats) do listed[#listed + 1] = s end
  redis.call('SET', KEYS[2], reservation_json(listed, epoch_seconds(started)), 'PXAT', until_ms)
end

index_add(KEYS[1], seats, until_ms - now)
available_remove(KEYS[3], mine, available_ttl)

return {'ok', now, until_ms}
