-- Marks a job FAILED when the gateway could not hand it to Kafka; only a QUEUED job changes.
-- KEYS[1] job hash, KEYS[2] the shard's deadline index (same hash slot)
-- ARGV job id, now, error, retention seconds
if redis.call('HGET', KEYS[1], 'state') ~= 'QUEUED' then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'FAILED', 'finishedAt', ARGV[2], 'error', ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('PUBLISH', 'braid:finished', ARGV[1])
return 1
