-- Writes a progress mark into a running job's progress tree: each cell (item:branch) named gets
-- 'stage@at' appended, unless it entered that stage before (a retry) or is joined already. A job that is
-- not RUNNING (not started yet, or finished: its tree is gone) is left alone. The tree expires with the job.
-- KEYS[1] job hash, KEYS[2] progress tree (one hash slot)
-- ARGV stage, at (epoch ms), then the cells '<item>:<branch>'
-- Returns how many cells were marked.
if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then
  return 0
end
local mark = ARGV[1] .. '@'
local marked = 0
for i = 3, #ARGV do
  local cell = ARGV[i]
  local marks = redis.call('HGET', KEYS[2], cell)
  if not marks then
    redis.call('HSET', KEYS[2], cell, mark .. ARGV[2])
    marked = marked + 1
  elseif not string.find(marks, mark, 1, true) and not string.find(marks, 'joined@', 1, true) then
    redis.call('HSET', KEYS[2], cell, marks .. ',' .. mark .. ARGV[2])
    marked = marked + 1
  end
end
if marked > 0 and redis.call('PTTL', KEYS[2]) < 0 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
return marked
