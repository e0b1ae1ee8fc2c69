-- Admission of a job's items into one in-flight scope (a tenant's or a pipeline's): the scope is a
-- sorted set of '<jobId>|<items>' scored by when the member stops counting (the job's deadline plus a
-- grace: a job nobody reported finished leaves by itself) and a counter of the items of its members.
-- Expired members leave first. Refused, with the scope's items, when the scope holds work and
--   the new items would pass ARGV[5] (limit; 0: none) -> 'limit', or
--   the items already in flight pass ARGV[6] (most items ahead; -1: no check) -> 'ahead'.
-- A scope without work admits any job, so a job larger than the limit still runs, alone.
-- Admitting a member twice (a retried request) counts it once. The gateway admits; the dispatcher
-- releases when the job finishes (inflight-release.lua).
-- KEYS[1] the scope's set, KEYS[2] its counter (one hash slot)
-- ARGV now (epoch ms), job id, items, expiry (epoch ms), limit, most items ahead
-- Returns {1 admitted | 0 refused, items in flight (after the admission), reason or ''}
local now = tonumber(ARGV[1])
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  n = n - (tonumber(string.match(m, '|(%d+)$')) or 0)
  redis.call('ZREM', KEYS[1], m)
end
if n < 0 or redis.call('ZCARD', KEYS[1]) == 0 then
  n = 0
end
local items, limit, ahead = tonumber(ARGV[3]), tonumber(ARGV[5]), tonumber(ARGV[6])
local reason = ''
if n > 0 and limit > 0 and n + items > limit then
  reason = 'limit'
elseif n > 0 and ahead >= 0 and n > ahead then
  reason = 'ahead'
end
if reason == '' and redis.call('ZADD', KEYS[1], 'NX', ARGV[4], ARGV[2] .. '|' .. ARGV[3]) == 1 then
  n = n + items
end
if n == 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], n)
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], last[2])
  redis.call('PEXPIREAT', KEYS[2], last[2])
end
if reason ~= '' then
  return {0, n, reason}
end
return {1, n, ''}
