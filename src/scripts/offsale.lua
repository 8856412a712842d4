-- offsale: a showtime's free-seat cache after `block` or `unblock`, which SQLite has recorded
-- first (the block itself is SQLite's; this only keeps the guide's cache honest).
--
-- KEYS[1] available_seats_{st}     KEYS[1+i] seat_lock:{st}:{ARGV[2+i]}
-- ARGV[1] 'block' (the seats leave the cache) or 'unblock' (the seats come back, in layout
--         order, unless a lock is on them: a hold taken meanwhile keeps its seat off the cache)
-- ARGV[2] TTL in ms for a free-seat cache found without one (keys::AVAILABLE_TTL_MS)
-- ARGV[2+i] seat ids
--
-- A missing or malformed cache is left alone, for the sweep to rebuild. Returns the number of
-- seats that left or joined the cache.
local mode = ARGV[1]
local available_ttl = tonumber(ARGV[2])
local n = #KEYS - 1

local avail = decode_array(read(KEYS[1]))
if not avail then return 0 end
local these = {}
for i = 1, n do these[ARGV[2 + i]] = i end

local out = {}
local present = {}
local changed = 0
for _, s in ipairs(avail) do
  if mode == 'block' and these[s] then
    changed = changed + 1
  elseif not present[s] then
    out[#out + 1] = s
    present[s] = true
  end
end
if mode == 'unblock' then
  for i = 1, n do
    local seat = ARGV[2 + i]
    local v, err = read(KEYS[1 + i])
    if not v and not err and not present[seat] then
      out[#out + 1] = seat
      present[seat] = true
      changed = changed + 1
    end
  end
  table.sort(out, seat_less)
end
if changed > 0 then
  redis.call('SET', KEYS[1], encode_array(out), 'PX', pttl_or(KEYS[1], available_ttl))
end
return changed
