-- locks: a consistent, read-only snapshot of some seat locks and the Redis clock.
--
-- KEYS[i] seat_lock:{st}:{seat}
-- Returns {now_ms, holder_1, pttl_1, holder_2, pttl_2, ...}; holder is '' for a free seat and
-- '!wrongtype' for a key that is not a string; pttl is -2 (none), -1 (no expiry) or ms left.
local out = {now_ms()}
for i = 1, #KEYS do
  local v, err = read(KEYS[i])
  if err then
    out[#out + 1] = '!wrongtype'
  else
    out[#out + 1] = v or ''
  end
  out[#out + 1] = redis.call('PTTL', KEYS[i])
end
return out
