-- Records task outcomes of one job and decides the join, atomically, one outcome after the other.
-- A duplicate outcome (same task id) changes nothing; an outcome for a job that is no longer
-- RUNNING is late and changes nothing; exactly one caller ever receives 'join'.
-- The item rule is JoinDecision.item: failed > tolerate -> FAILED; ok >= need -> SUCCEEDED;
-- ok + failed >= branches -> DEGRADED.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] items hash (one hash slot: the job's shard)
-- ARGV[1] now, then per outcome: task id, item index, 1 if ok else 0, outcome JSON
-- Returns, per outcome in order, {verdict, item state or '', branches of the item still running
-- (0 unless decided now; for join: outcomes of the whole job still missing)} flattened, with
-- verdict late | duplicate | recorded | decided | join
local now = ARGV[1]

local function record(task, item, okd, json)
  local state = redis.call('HGET', KEYS[1], 'state')
  if state ~= 'RUNNING' then
    return 'late', state or 'unknown', 0
  end
  if redis.call('HSETNX', KEYS[2], task, json) == 0 then
    return 'duplicate', '', 0
  end
  local done = redis.call('HINCRBY', KEYS[1], 'done', 1)
  if redis.call('HEXISTS', KEYS[3], item .. ':state') == 1 then
    return 'recorded', '', 0
  end
  local ok = redis.call('HINCRBY', KEYS[3], item .. ':ok', okd)
  local failed = redis.call('HINCRBY', KEYS[3], item .. ':fail', 1 - okd)
  if done == 1 then
    -- the first outcome creates the results and items hashes: they expire with the job hash (its
    -- deadline plus a grace, set by create.lua) should nobody ever finish the job
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl > 0 then
      redis.call('PEXPIRE', KEYS[2], ttl)
      redis.call('PEXPIRE', KEYS[3], ttl)
    end
  end
  local rule = redis.call('HMGET', KEYS[1], 'need', 'tolerate', 'branches', 'items')
  local need, tolerate, branches, items = tonumber(rule[1]), tonumber(rule[2]), tonumber(rule[3]), tonumber(rule[4])
  local decided
  if failed > tolerate then
    decided = 'FAILED'
  elseif ok >= need then
    decided = 'SUCCEEDED'
  elseif ok + failed >= branches then
    decided = 'DEGRADED'
  end
  if not decided then
    return 'recorded', '', 0
  end
  local running = branches - ok - failed
  redis.call('HSET', KEYS[3], item .. ':state', decided)
  if redis.call('HINCRBY', KEYS[1], 'decided', 1) >= items then
    redis.call('HSET', KEYS[1], 'state', 'JOINING', 'joinReason', 'complete', 'joiningSince', now)
    return 'join', decided, items * branches - tonumber(redis.call('HGET', KEYS[1], 'done'))
  end
  return 'decided', decided, running
end

local out = {}
for i = 2, #ARGV, 4 do
  local verdict, itemState, running = record(ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3])
  out[#out + 1] = verdict
  out[#out + 1] = itemState
  out[#out + 1] = running
end
return out
