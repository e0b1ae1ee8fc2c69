-- Writes a joined job's terminal status and result. Only a JOINING job can finish, so a terminal
-- status never changes. Starts the retention clock on every key of the job and announces the job id
-- on the 'braid:finished' channel (waiting gateway requests wake up on it).
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] items hash, KEYS[4] the shard's deadline index (all four in one hash slot)
-- ARGV status, result JSON (may be empty), now, retention seconds, job id, error message (may be empty)
if redis.call('HGET', KEYS[1], 'state') ~= 'JOINING' then
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'finishedAt', ARGV[3])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'result', ARGV[2])
end
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'error', ARGV[6])
end
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], tonumber(ARGV[4]))
end
redis.call('ZREM', KEYS[4], ARGV[5])
redis.call('PUBLISH', 'braid:finished', ARGV[5])
return 1
