-- unlock: delete a lock only if it still holds our token (so a sweep that outlived its lock
-- never deletes the next sweep's).
-- KEYS[1] the lock   ARGV[1] our token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
