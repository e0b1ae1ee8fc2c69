-- Writes a joined job's terminal status and result. Only a JOINING job can finish, so a terminal
-- status never changes. The outcomes and item counts are in the result now and nothing reads them
-- again (a late outcome finds the job finished and writes nothing), so they are deleted, with the
-- progress tree: a finished job is its job hash and its events stream (ending with an 'end' event),
-- which expire after the retention. Leaves the shard's deadline index and announces the job id on the
-- 'braid:finished' channel (waiting gateway requests and event streams wake up on it).
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] items hash, KEYS[4] the shard's deadline index,
-- KEYS[5] events stream (optional), KEYS[6] progress tree (optional), KEYS[7] inputs hash (optional; deleted)
-- (all in one hash slot)
-- ARGV status, result JSON (may be empty), now, retention seconds, job id, error message (may be empty)
-- Returns 1, or 0 when the job was not JOINING
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
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('DEL', KEYS[2], KEYS[3])
if KEYS[5] then
  redis.call('XADD', KEYS[5], '*', 'e', 'end', 's', ARGV[1], 'at', ARGV[3])
  redis.call('EXPIRE', KEYS[5], tonumber(ARGV[4]))
end
if KEYS[6] then
  redis.call('DEL', KEYS[6])
end
if KEYS[7] then
  redis.call('DEL', KEYS[7])
end
redis.call('ZREM', KEYS[4], ARGV[5])
redis.call('PUBLISH', 'braid:finished', ARGV[5])
return 1
