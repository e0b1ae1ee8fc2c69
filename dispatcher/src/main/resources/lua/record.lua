-- Records task outcomes of one job and decides the join, atomically, one outcome after the other.
-- A duplicate outcome (same task id) changes nothing; an outcome for a job that is no longer
-- RUNNING is late and changes nothing; exactly one caller ever receives 'join'.
-- The item rule is JoinDecision.item: failed > tolerate -> FAILED; ok >= need -> SUCCEEDED;
-- ok + failed >= branches -> DEGRADED.
-- Synthesis (job hash field 'synth', set by start.lua; JoinDecision.synthesizeItem/synthesizeJob):
--   'item': an item decided with at least one ok branch does not count as decided yet: the deciding outcome
--   answers 'synthesize' (items hash '<i>:synth' = pending, '<i>:by' = its task id; a redelivery of that outcome
--   answers 'synthesize' again while the synthesis outcome is missing). The '_synthesis' outcome of item i then
--   counts the item decided (answer 'decided', or 'join' for the last item). An item decided with no ok branch
--   counts at once.
--   'job': items count as decided as usual; when the last one is, and some item had an ok branch ('okItems'),
--   the answer is 'synthesize' instead of 'join' ('jobSynth' = pending, 'synthBy' = the task id), and the
--   '_synthesis' outcome (recorded as item 0) answers 'join'.
-- Plan (job hash field 'plan' = 1): the '_plan' outcome (item 0) answers 'plan' when ok (again on a redelivery
-- while plan.lua has not set 'planned'), or 'join' when not ok (the job fails with the plan's error).
-- Outcomes of '_synthesis' and '_plan' are not counted in 'done' or in any item's counts.
-- With KEYS[4] (the job's events stream) and KEYS[5] (its progress tree), every recorded outcome adds a
-- 'branch' event and marks its cell joined in the tree, and every decided item adds an 'item' event.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] items hash, KEYS[4] events stream (optional),
-- KEYS[5] progress tree (optional) (one hash slot: the job's shard)
-- ARGV[1] now, then per outcome: task id (<job>/<item>/<branch>), item index, status ('1' or 'ok' when ok;
-- '0', 'error', 'timeout' or 'cancelled' otherwise), outcome JSON
-- Returns, per outcome in order, {verdict, item state or '', branches of the item still running
-- (0 unless decided now; for join and a job's synthesize: outcomes of the whole job still missing)} flattened,
-- with verdict late | duplicate | recorded | decided | join | synthesize | plan
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

local function joining()
  redis.call('HSET', KEYS[1], 'state', 'JOINING', 'joinReason', 'complete', 'joiningSince', now)
end

local function missing()
  local f = redis.call('HMGET', KEYS[1], 'items', 'branches', 'done')
  return tonumber(f[1]) * tonumber(f[2]) - tonumber(f[3])
end

-- one more item counts as decided: the job joins (or asks for its synthesis) after the last
local function counted(itemState, running, task)
  if redis.call('HINCRBY', KEYS[1], 'decided', 1) < tonumber(redis.call('HGET', KEYS[1], 'items')) then
    return 'decided', itemState, running
  end
  local f = redis.call('HMGET', KEYS[1], 'synth', 'okItems')
  if f[1] == 'job' and tonumber(f[2] or '0') > 0 then
    redis.call('HSET', KEYS[1], 'jobSynth', 'pending', 'synthBy', task)
    return 'synthesize', itemState, missing()
  end
  joining()
  return 'join', itemState, missing()
end

-- a duplicate: the deciding outcome of an item (or job) whose synthesis is still out asks for it again; an ok
-- plan outcome whose subtasks are not items yet asks for them again
local function again(task, item, branch, okd)
  if branch == '_plan' then
    if okd == 1 and not redis.call('HGET', KEYS[1], 'planned') then
      return 'plan', '', 0
    end
    return 'duplicate', '', 0
  end
  local f = redis.call('HMGET', KEYS[1], 'synth', 'jobSynth', 'synthBy')
  if f[1] == 'item' then
    local s = redis.call('HMGET', KEYS[3], item .. ':synth', item .. ':by', item .. ':state')
    if s[1] == 'pending' and s[2] == task then
      return 'synthesize', s[3], 0
    end
  elseif f[1] == 'job' and f[2] == 'pending' and f[3] == task then
    return 'synthesize', '', 0
  end
  return 'duplicate', '', 0
end

-- the outcome of a plan or synthesis call
local function system(item, branch, okd, status)
  if branch == '_plan' then
    if okd == 1 then
      return 'plan', '', 0
    end
    joining()
    return 'join', '', 0
  end
  if branch ~= '_synthesis' then
    return 'recorded', '', 0
  end
  local f = redis.call('HMGET', KEYS[1], 'synth', 'jobSynth')
  if f[1] == 'job' then
    if f[2] ~= 'pending' then
      return 'recorded', '', 0
    end
    redis.call('HSET', KEYS[1], 'jobSynth', status)
    joining()
    return 'join', '', missing()
  end
  if redis.call('HGET', KEYS[3], item .. ':synth') ~= 'pending' then
    return 'recorded', '', 0
  end
  redis.call('HSET', KEYS[3], item .. ':synth', status)
  return counted(redis.call('HGET', KEYS[3], item .. ':state'), 0, '')
end

local function record(task, item, okd, status, json)
  local state = redis.call('HGET', KEYS[1], 'state')
  if state ~= 'RUNNING' then
    return 'late', state or 'unknown', 0
  end
  local branch = string.match(task, '/([^/]*)$') or ''
  if redis.call('HSETNX', KEYS[2], task, json) == 0 then
    return again(task, item, branch, okd)
  end
  if string.sub(branch, 1, 1) == '_' then
    if redis.call('PTTL', KEYS[2]) < 0 then
      keepWithJob(KEYS[2])
    end
    noted(task, item, status)
    return system(item, branch, okd, status)
  end
  local done = redis.call('HINCRBY', KEYS[1], 'done', 1)
  noted(task, item, status)
  if redis.call('HEXISTS', KEYS[3], item .. ':state') == 1 then
    return 'recorded', '', 0
  end
  local ok = redis.call('HINCRBY', KEYS[3], item .. ':ok', okd)
  local failed = redis.call('HINCRBY', KEYS[3], item .. ':fail', 1 - okd)
  if redis.call('PTTL', KEYS[3]) < 0 then
    -- the first outcome creates the results and items hashes: they expire with the job hash (its
    -- deadline plus a grace, set by create.lua) should nobody ever finish the job
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl > 0 then
      redis.call('PEXPIRE', KEYS[2], ttl)
      redis.call('PEXPIRE', KEYS[3], ttl)
    end
  end
  local rule = redis.call('HMGET', KEYS[1], 'need', 'tolerate', 'branches', 'synth')
  local need, tolerate, branches = tonumber(rule[1]), tonumber(rule[2]), tonumber(rule[3])
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
  if ok > 0 and rule[4] == 'item' then
    redis.call('HSET', KEYS[3], item .. ':synth', 'pending', item .. ':by', task)
    return 'synthesize', decided, running
  end
  if ok > 0 and rule[4] == 'job' then
    redis.call('HINCRBY', KEYS[1], 'okItems', 1)
  end
  return counted(decided, running, task)
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
