-- Writes where a job sits in its convoy, only while the job exists (a write to a job hash that had
-- expired would recreate it without an expiry).
-- KEYS[1] job hash
-- ARGV convoy seat: <convoyId>:<index of the job's first item in the convoy>
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'convoy', ARGV[1])
return 1
