-- finish: end one user's hold on some seats, after SQLite has recorded why (confirmed,
-- released, expired). Only locks that still name the user are removed: a seat someone else
-- holds by now is left alone, and so is a seat of a newer hold of the same user (a lock's value
-- is only the user id; the hold it belongs to is told by the reservation key's reserved_at).
--
-- KEYS[1] reserved_seats_{st}      KEYS[2] seat_reservation_{st}_{user}
-- KEYS[3] available_seats_{st}     KEYS[3+i] seat_lock:{st}:{ARGV[6+i]}
-- ARGV[1] user   ARGV[2] 'sold' or 'free' (what the seats are now)
-- ARGV[3] TTL in ms for an index key found without one
-- ARGV[4] '1' when KEYS[2] is the user's reservation key; '0' for a lock holder that is not a
--         valid user id (a hand-written lock), whose reservation key is left alone. With '0'
--         and user '', the corrupt locks are removed: an empty value, or a key that is not a
--         string (a forced release)
-- ARGV[5] the hold's start (epoch ms, Redis clock, as its reservation key's reserved_at), or ''
--         to end whatever hold of the user the locks belong to
-- ARGV[6] TTL in ms for a free-seat cache found without one (keys::AVAILABLE_TTL_MS)
-- ARGV[6+i] seat ids
--
-- Returns {now_ms, locks_removed, seat held by someone else, ...}.
local user = ARGV[1]
local mode = ARGV[2]
local fallback = tonumber(ARGV[3])
local hold = tonumber(ARGV[5])
local available_ttl = tonumber(ARGV[6])
local n = #KEYS - 3
local now = now_ms()

-- The user's reservation key, and whether it is another (newer) hold than the one ending: then
-- its seats are that hold's, and neither they nor the key are touched.
local raw = nil
local obj = nil
if ARGV[4] == '1' then raw = read(KEYS[2]) end
if raw then
  local ok, v = pcall(cjson.decode, raw)
  if ok and type(v) == 'table' and type(v.seat_ids) == 'table' then obj = v end
end
local newer = {}
local other_hold = false
if obj and hold and type(obj.reserved_at) == 'number'
    and started_ms(obj.reserved_at) ~= hold then
  other_hold = true
  for _, s in ipairs(obj.seat_ids) do newer[s] = true end
end

local these = {}
local gone = {}
local result = {now, 0}
for i = 1, n do
  local seat = ARGV[6 + i]
  these[seat] = true
  local v, err = read(KEYS[3 + i])
  if newer[seat] and v == user then
    -- the newer hold's lock: not ours to end
  elseif not err then
    if v == user then
      redis.call('DEL', KEYS[3 + i])
      result[2] = result[2] + 1
      gone[seat] = true
    elseif not v then
      gone[seat] = true
    else
      result[#result + 1] = seat
    end
  elseif ARGV[4] == '0' and user == '' then
    redis.call('DEL', KEYS[3 + i])
    result[2] = result[2] + 1
    gone[seat] = true
  else
    result[#result + 1] = seat
  end
end

-- Held-seats index: drop every seat whose lock is now gone.
local index = decode_array(read(KEYS[1]))
if index then
  local left = {}
  for _, s in ipairs(index) do
    if not gone[s] then left[#left + 1] = s end
  end
  if #left == 0 then
    redis.call('DEL', KEYS[1])
  elseif #left ~= #index then
    redis.call('SET', KEYS[1], encode_array(left), 'PX', pttl_or(KEYS[1], fallback))
  end
end

-- The user's reservation: drop these seats, delete it when none are left.
if obj and not other_hold then
  local left = {}
  for _, s in ipairs(obj.seat_ids) do
    if not these[s] then left[#left + 1] = s end
  end
  if #left == 0 then
    redis.call('DEL', KEYS[2])
  elseif #left ~= #obj.seat_ids then
    local at = 'null'
    if type(obj.reserved_at) == 'number' then at = string.format('%.3f', obj.reserved_at) end
    redis.call('SET', KEYS[2], reservation_json(left, at), 'PX', pttl_or(KEYS[2], fallback))
  end
end

-- Free-seat cache: sold seats leave it, freed seats come back in layout order.
local avail = decode_array(read(KEYS[3]))
if avail then
  local changed = false
  if mode == 'sold' then
    local out = {}
    for _, s in ipairs(avail) do
      if these[s] then changed = true else out[#out + 1] = s end
    end
    avail = out
  elseif mode == 'free' then
    local freed = {}
    for i = 1, n do
      if gone[ARGV[6 + i]] then freed[#freed + 1] = ARGV[6 + i] end
    end
    changed = available_add(avail, freed)
  end
  if changed then
    redis.call('SET', KEYS[3], encode_array(avail), 'PX', pttl_or(KEYS[3], available_ttl))
  end
end

return result
