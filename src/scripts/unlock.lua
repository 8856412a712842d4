-- unlock: the sweep lock's compare-and-act. Deletes the lock, or with ARGV[2] renews it for
-- that many ms, only if it still holds our token (so a sweep that outlived its lock never
-- deletes or prolongs the next sweep's). Returns 1 when the lock was ours.
-- KEYS[1] the lock   ARGV[1] our token   ARGV[2] (optional) new TTL in ms
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
  end
  return redis.call('DEL', KEYS[1])
end
return 0
