-- Adds a job to its tenant's list of recent jobs (GET /v1/jobs) and trims the list: members older than the
-- retention go, then all but the newest max; the key expires with its newest member's retention.
-- KEYS[1] the tenant's sorted set (RedisKeys.recentJobs)
-- ARGV job id, submit time (epoch ms), oldest time kept (epoch ms), most members, ttl seconds
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
return 'ok'
