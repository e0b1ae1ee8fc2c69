-- Records task outcomes of one job and decides the join, atomically, one outcome after the other.
-- A duplicate outcome (same task id) changes nothing; an outcome for a job that is no longer
-- RUNNING is late and changes nothing; exactly one caller ever receives 'join'.
-- The item rule is JoinDecision.item: failed > tolerate -> FAILED; ok >= need -> SUCCEEDED;
-- ok + failed >= branches -> DEGRADED.
-- With KEYS[4] (the job's events stream) and KEYS[5] (its progress tree), every recorded outcome adds a
-- 'branch' event and marks its cell joined in the tree, and every decided item adds an 'item' event.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] items hash, KEYS[4] events stream (optional),
-- KEYS[5] progress tree (optional) (one hash slot: the job's shard)
-- ARGV[1] now, then per outcome: task id (<job>/<item>/<branch>), item index, status ('1' or 'ok' when ok;
-- '0', 'error', 'timeout' or 'cancelled' otherwise), outcome JSON
-- Returns, per outcome in order, {verdict, item state or '', branches of the item still running
-- (0 unless decided now; for join: outcomes of the whole job still missing)} flattened, with
-- verdict late | duplicate | recorded | decided | join
local now = ARGV[1]
local events, tree = KEYS[4], KEYS[5]

local function keepWithJob(key)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', key, ttl)
  end
end

-- the branch event and the cell's 'joined' mark of a recorded outcome
local function noted(task, item, status)
  if not events then
    return
  end
  local branch = string.match(task, '/([^/]*)$') or ''
  redis.call('XADD', events, '*', 'e', 'branch', 'i', item, 'b', branch, 's', status, 'at', now)
  if redis.call('PTTL', events) < 0 then
    keepWithJob(events)
  end
  if tree then
    local cell = item .. ':' .. branch
    local marks = redis.call('HGET', KEYS[5], cell)
    redis.call('HSET', tree, cell, (marks and (marks .. ',') or '') .. 'joined@' .. now)
    if redis.call('PTTL', tree) < 0 then
      keepWithJob(tree)
    end
  end
end

local function record(task, item, okd, status, json)
  local state = redis.call('HGET', KEYS[1], 'state')
  if state ~= 'RUNNING' then
    return 'late', state or 'unknown', 0
  end
  if redis.call('HSETNX', KEYS[2], task, json) == 0 then
    return 'duplicate', '', 0
  end
  local done = redis.call('HINCRBY', KEYS[1], 'done', 1)
  noted(task, item, status)
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
  if events then
    redis.call('XADD', events, '*', 'e', 'item', 'i', item, 's', decided, 'at', now)
  end
  if redis.call('HINCRBY', KEYS[1], 'decided', 1) >= items then
    redis.call('HSET', KEYS[1], 'state', 'JOINING', 'joinReason', 'complete', 'joiningSince', now)
    return 'join', decided, items * branches - tonumber(redis.call('HGET', KEYS[1], 'done'))
  end
  return 'decided', decided, running
end

local out = {}
for i = 2, #ARGV, 4 do
  local s = ARGV[i + 2]
  local okd = (s == '1' or s == 'ok') and 1 or 0
  local status = s == '1' and 'ok' or (s == '0' and 'error' or s)
  local verdict, itemState, running = record(ARGV[i], ARGV[i + 1], okd, status, ARGV[i + 3])
  out[#out + 1] = verdict
  out[#out + 1] = itemState
  out[#out + 1] = running
end
return out
