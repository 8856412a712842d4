-- locks: a consistent, read-only snapshot of some seat locks and the Redis clock.
--
-- KEYS[i] seat_lock:{st}:{seat}, i = 1..n
-- ARGV[1] n; KEYS[n+1] (optional) the other key style's reserved_seats_{st}
-- Returns {now_ms, holder_1, pttl_1, holder_2, pttl_2, ...}; holder is '' for a free seat and
-- '!wrongtype' for a key that is not a string; pttl is -2 (none), -1 (no expiry) or ms left.
-- Or {'mixed', now_ms} when KEYS[n+1] exists (see other_style): the showtime's holds are in the
-- other style too.
local n = tonumber(ARGV[1])
local out = {now_ms()}
if other_style(KEYS[n + 1]) then return {'mixed', out[1]} end
for i = 1, n do
  local v, err = read(KEYS[i])
  if err then
    out[#out + 1] = '!wrongtype'
  else
    out[#out + 1] = v or ''
  end
  out[#out + 1] = redis.call('PTTL', KEYS[i])
end
return out
