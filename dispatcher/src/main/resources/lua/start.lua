-- Marks a QUEUED job RUNNING and stores its join rule. Idempotent: a redelivered job record
-- finds the job RUNNING (or terminal) and changes nothing. With KEYS[2], the job's events stream
-- gets a 'status' event (RUNNING) and expires with the job hash.
-- KEYS[1] job hash, KEYS[2] events stream (optional; same hash slot)
-- ARGV now, items, branches, need, tolerate, item ids (JSON), onTimeout
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'unknown'
end
if state ~= 'QUEUED' then
  return state
end
redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'startedAt', ARGV[1], 'items', ARGV[2], 'branches', ARGV[3],
  'need', ARGV[4], 'tolerate', ARGV[5], 'ids', ARGV[6], 'onTimeout', ARGV[7], 'done', 0, 'decided', 0)
if KEYS[2] then
  redis.call('XADD', KEYS[2], '*', 'e', 'status', 's', 'RUNNING', 'at', ARGV[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
return 'started'
