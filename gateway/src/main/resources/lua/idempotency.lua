-- Binds an Idempotency-Key to a request fingerprint and a job id, once.
-- KEYS[1] idempotency key
-- ARGV fingerprint, job id, retention seconds
-- Returns 'new' when this request owns the key, else the stored 'fingerprint job-id'.
local stored = redis.call('GET', KEYS[1])
if stored then
  return stored
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'EX', tonumber(ARGV[3]))
return 'new'
