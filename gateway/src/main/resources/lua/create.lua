-- Creates a QUEUED job and registers its deadline, so the dispatcher's timer joins it even if its
-- record were never consumed. Returns 1, or 0 when the job id already exists.
-- KEYS[1] job hash, KEYS[2] deadlines zset
-- ARGV job id, pipeline, now, deadline, items, branches, priority, traceparent ('' when tracing is off)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'pipeline', ARGV[2], 'submittedAt', ARGV[3], 'deadline', ARGV[4],
  'items', ARGV[5], 'branches', ARGV[6], 'priority', ARGV[7], 'done', 0)
if ARGV[8] ~= nil and ARGV[8] ~= '' then
  redis.call('HSET', KEYS[1], 'traceparent', ARGV[8])
end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1
