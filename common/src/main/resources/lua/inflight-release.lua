-- Releases a job's items from one in-flight scope (see inflight-admit.lua): when the job finished, or
-- the gateway did not enqueue it after all. Releasing twice, or a member that expired, changes nothing.
-- KEYS[1] the scope's set, KEYS[2] its counter (one hash slot)
-- ARGV job id, items
-- Returns the items still in flight in the scope.
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if redis.call('ZREM', KEYS[1], ARGV[1] .. '|' .. ARGV[2]) == 1 then
  n = n - tonumber(ARGV[2])
end
if n <= 0 or redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  return 0
end
redis.call('SET', KEYS[2], n, 'KEEPTTL')
return n
