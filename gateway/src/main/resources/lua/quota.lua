-- A tenant's two token buckets (requests and input items per second), shared by every gateway replica.
-- Each holds at most one second's worth and refills continuously; a request takes one request token and
-- its items' tokens. A job with more items than a second's worth passes when the bucket is full and leaves
-- it in debt, so large jobs are allowed at the average rate. Mirrors io.braid.gateway.quota.TokenBuckets.
-- KEYS[1] the tenant's bucket hash
-- ARGV now ms, requests per second (0: unlimited), items per second (0: unlimited), items of this request
-- Returns {allowed 1/0, wait ms before a retry can pass, request tokens left, item tokens left}
local now = tonumber(ARGV[1])
local rps = tonumber(ARGV[2])
local ips = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 'rt', 'it', 'ts')
local rt = tonumber(b[1]) or rps
local it = tonumber(b[2]) or ips
local ts = tonumber(b[3]) or now
local dt = math.max(0, now - ts) / 1000
if rps > 0 then rt = math.min(rps, rt + dt * rps) end
if ips > 0 then it = math.min(ips, it + dt * ips) end
local wait = 0
if rps > 0 and rt < 1 then wait = math.max(wait, (1 - rt) / rps) end
local need = math.min(n, ips)
if ips > 0 and it < need then wait = math.max(wait, (need - it) / ips) end
local allowed = 1
if wait > 0 then
  allowed = 0
else
  if rps > 0 then rt = rt - 1 end
  if ips > 0 then it = it - n end
end
-- full precision (tostring keeps 14 digits), so that the state read back is the double written
redis.call('HSET', KEYS[1], 'rt', string.format('%.17g', rt), 'it', string.format('%.17g', it),
  'ts', string.format('%d', math.max(ts, now)))
redis.call('PEXPIRE', KEYS[1], 60000)
return {allowed, math.ceil(wait * 1000), math.floor(math.max(rt, 0)), math.floor(math.max(it, 0))}
