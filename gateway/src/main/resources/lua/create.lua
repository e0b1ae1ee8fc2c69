-- Creates a QUEUED job and registers its deadline in its shard's index, so the dispatcher's timer
-- joins it even if its record were never consumed; with an Idempotency-Key, claims the key in the
-- same call (the job id is derived from the key, so key, job and index share one hash slot): a crash
-- can never leave a key without its job, nor create a job twice.
-- The job hash expires ttl seconds from now (its deadline plus a grace) unless finished earlier
-- (finish.lua then sets the retention), so a job that nobody ever finishes still goes.
-- KEYS[1] job hash, KEYS[2] the shard's deadline index, KEYS[3] idempotency key (optional)
-- ARGV job id, pipeline, now, deadline, items, branches, priority, ttl seconds, tenant,
--      traceparent of the gateway's accept span ('' when tracing is off),
--      then with KEYS[3]: request fingerprint, idempotency retention seconds
-- Returns 'created', or 'exists' (the job id exists; without a key), or 'replay <fingerprint>'
-- (the key was claimed before, by a request with that fingerprint).
if KEYS[3] then
  local claimed = redis.call('GET', KEYS[3])
  if claimed then
    return 'replay ' .. claimed
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  if KEYS[3] then
    -- the key's own retention passed but its job lives on: the job still answers for it
    return 'replay ' .. (redis.call('HGET', KEYS[1], 'idem') or '')
  end
  return 'exists'
end
redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'pipeline', ARGV[2], 'submittedAt', ARGV[3], 'deadline', ARGV[4],
  'items', ARGV[5], 'branches', ARGV[6], 'priority', ARGV[7], 'done', 0, 'tenant', ARGV[9])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[8]))
if ARGV[10] ~= nil and ARGV[10] ~= '' then
  redis.call('HSET', KEYS[1], 'traceparent', ARGV[10])
end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
if KEYS[3] then
  redis.call('HSET', KEYS[1], 'idem', ARGV[11])
  redis.call('SET', KEYS[3], ARGV[11], 'EX', tonumber(ARGV[12]))
end
return 'created'
