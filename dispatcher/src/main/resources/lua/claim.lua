-- Claims the join of a job that has not been joined yet (deadline timer, cancellation, or an
-- invalid job). Exactly one caller gets 'join'. A JOINING claim older than the lease (its joiner
-- died) is retaken, keeping the original reason: that caller gets 'retake' (counted, and alerted on).
-- KEYS[1] job hash
-- ARGV reason, now, lease ms
local f = redis.call('HMGET', KEYS[1], 'state', 'joiningSince')
local state = f[1]
if state == 'QUEUED' or state == 'RUNNING' then
  redis.call('HSET', KEYS[1], 'state', 'JOINING', 'joinReason', ARGV[1], 'joiningSince', ARGV[2])
  return 'join'
end
if state == 'JOINING' and tonumber(ARGV[2]) - tonumber(f[2] or '0') > tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'joiningSince', ARGV[2])
  return 'retake'
end
return state or 'unknown'
