-- Makes a plan's subtasks the items of a RUNNING plan job, once: sets 'items' to their number, 'ids' to their
-- ids and 'planned', and keeps each subtask as its item's input. A redelivered plan outcome finds 'planned' and
-- changes nothing (answer 'again': the caller may resend the subtasks' tasks, whose duplicate outcomes are ignored).
-- KEYS[1] job hash, KEYS[2] inputs hash, KEYS[3] events stream (optional) (one hash slot)
-- ARGV now, item ids (JSON), then the subtasks' texts in item order
-- Returns 'planned', 'again', or the job's state when it is not RUNNING
local f = redis.call('HMGET', KEYS[1], 'state', 'planned')
if f[1] ~= 'RUNNING' then
  return f[1] or 'unknown'
end
if f[2] then
  return 'again'
end
local n = #ARGV - 2
redis.call('HSET', KEYS[1], 'items', n, 'ids', ARGV[2], 'planned', n)
for i = 3, #ARGV do
  redis.call('HSET', KEYS[2], tostring(i - 3), ARGV[i])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
if KEYS[3] then
  redis.call('XADD', KEYS[3], '*', 'e', 'plan', 'n', n, 'at', ARGV[1])
end
return 'planned'
