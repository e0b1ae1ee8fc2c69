-- Marks a QUEUED job RUNNING and stores its join rule. Idempotent: a redelivered job record
-- finds the job RUNNING (or terminal) and changes nothing. With KEYS[2], the job's events stream
-- gets a 'status' event (RUNNING) and expires with the job hash.
-- KEYS[1] job hash, KEYS[2] events stream (optional; same hash slot), KEYS[3] inputs hash (optional)
-- ARGV now, items, branches, need, tolerate, item ids (JSON), onTimeout, then optionally:
-- ARGV[8] synthesis ('' none, 'item' per item, 'job' once per job), ARGV[9] plan ('1' for a plan pipeline: the job
-- starts with 0 items, the admitted count is kept as 'admitted'), ARGV[10..] the inputs to keep in KEYS[3]
-- as field, value pairs (item index or 'job', its text)
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'unknown'
end
if state ~= 'QUEUED' then
  return state
end
local synth, plan = ARGV[8] or '', ARGV[9] or ''
if plan == '1' then
  redis.call('HSET', KEYS[1], 'admitted', redis.call('HGET', KEYS[1], 'items') or '1', 'plan', '1')
end
if synth ~= '' then
  redis.call('HSET', KEYS[1], 'synth', synth, 'okItems', 0)
end
redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'startedAt', ARGV[1], 'items', ARGV[2], 'branches', ARGV[3],
  'need', ARGV[4], 'tolerate', ARGV[5], 'ids', ARGV[6], 'onTimeout', ARGV[7], 'done', 0, 'decided', 0)
local ttl = redis.call('PTTL', KEYS[1])
if KEYS[3] and #ARGV >= 11 then
  for i = 10, #ARGV - 1, 2 do
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  end
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[3], ttl)
  end
end
if KEYS[2] then
  redis.call('XADD', KEYS[2], '*', 'e', 'status', 's', 'RUNNING', 'at', ARGV[1])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
return 'started'
