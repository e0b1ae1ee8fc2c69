package io.braid.dispatcher.store;

import io.braid.common.job.LuaSource;
import io.braid.common.job.JobFields;
import io.braid.common.job.RedisKeys;
import io.braid.common.wire.TaskOutcome;
import io.braid.dispatcher.join.JoinDecision;
import io.braid.dispatcher.join.JoinRule;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fan-in state of jobs in Redis. Every state change is one Lua script, so concurrent
 * dispatcher replicas and redelivered records can never join a job twice or change a terminal status.
 */
@ApplicationScoped
public class FanInStore {
    private final RedisDataSource redis;
    private final LuaScripts scripts;
    private final String start = LuaSource.load("start.lua");
    private final String record = LuaSource.load("record.lua");
    private final String claim = LuaSource.load("claim.lua");
    private final String finish = LuaSource.load("finish.lua");

    private final String plan = LuaSource.load("plan.lua");

    /**
     * What recording an outcome did. {@code SYNTHESIZE}: send the synthesis task of the outcome's item (or, for a
     * job-level synthesis, of the job); {@code PLAN}: the ok plan outcome's subtasks are to become the job's items.
     */
    public enum Verdict { LATE, DUPLICATE, RECORDED, DECIDED, JOIN, SYNTHESIZE, PLAN }

    /**
     * The verdict; when the outcome decided its item, the item's new state and how many of its
     * branches are still running (work that can now be skipped); for {@code JOIN}, how many outcomes
     * of the whole job are still missing (0: no work of the job is left anywhere).
     */
    public record Recorded(Verdict verdict, String itemState, int stillRunning) {
    }

    private final Counter retaken;

    @Inject
    public FanInStore(RedisDataSource redis, MeterRegistry metrics) {
        this.redis = redis;
        this.scripts = new LuaScripts(redis);
        // a claim retaken after its lease means a joiner died mid-join (docs/operations.md, BraidJoinClaimsRetaken)
        this.retaken = metrics.counter("braid_join_claims_retaken");
    }

    /** Moves a QUEUED job to RUNNING with its rule; returns {@code started}, the current state, or {@code unknown}. */
    public String start(String jobId, JoinRule rule, int items, String itemIdsJson, String onTimeout, long now) {
        return start(jobId, rule, items, itemIdsJson, onTimeout, now, JoinDecision.Synthesis.NONE, false, Map.of());
    }

    /**
     * {@link #start} for a pipeline with a synthesis or a plan: the job hash learns which ({@code synth},
     * {@code plan}; a plan job starts with {@code items} 0) and {@code inputs} (item index or {@code job} → text)
     * are kept in {@link RedisKeys#inputs} for the synthesis prompt.
     */
    public String start(String jobId, JoinRule rule, int items, String itemIdsJson, String onTimeout, long now,
                        JoinDecision.Synthesis synthesis, boolean planned, Map<String, String> inputs) {
        List<String> args = new ArrayList<>(List.of(Long.toString(now), Integer.toString(items),
                Integer.toString(rule.branches()), Integer.toString(rule.need()), Integer.toString(rule.tolerate()),
                itemIdsJson, onTimeout, synthesis.field(), planned ? "1" : ""));
        inputs.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return eval(start, List.of(RedisKeys.job(jobId), RedisKeys.events(jobId), RedisKeys.inputs(jobId)),
                args.toArray(String[]::new)).toString();
    }

    /**
     * Makes a plan's subtasks the items of a RUNNING plan job ({@code plan.lua}): {@code planned} the first time,
     * {@code again} after that (the subtasks' tasks may be resent), else the job's state.
     */
    public String expand(String jobId, List<String> ids, List<String> subtasks, long now) {
        List<String> args = new ArrayList<>(List.of(Long.toString(now), io.braid.common.wire.Json.writeString(ids)));
        args.addAll(subtasks);
        return eval(plan, List.of(RedisKeys.job(jobId), RedisKeys.inputs(jobId), RedisKeys.events(jobId)),
                args.toArray(String[]::new)).toString();
    }

    /** The kept inputs of a synthesis or plan job ({@link RedisKeys#inputs}). */
    public Map<String, String> inputs(String jobId) {
        return redis.hash(String.class).hgetall(RedisKeys.inputs(jobId));
    }

    /**
     * Records outcomes of one job in order, in one script call per {@value #RECORD_CHUNK}: the same
     * as recording them one by one (at most one of all the calls ever gets {@code JOIN}), with one
     * Redis round trip instead of one per outcome.
     */
    public List<Recorded> recordAll(List<TaskOutcome> outcomes, long now) {
        List<Recorded> out = new ArrayList<>(outcomes.size());
        for (int from = 0; from < outcomes.size(); from += RECORD_CHUNK) {
            List<TaskOutcome> chunk = outcomes.subList(from, Math.min(outcomes.size(), from + RECORD_CHUNK));
            String id = chunk.get(0).jobId();
            List<String> args = new ArrayList<>(1 + 4 * chunk.size());
            args.add(Long.toString(now));
            for (TaskOutcome o : chunk) {
                if (!o.jobId().equals(id)) {
                    throw new IllegalArgumentException("outcomes of jobs " + id + " and " + o.jobId() + " in one call");
                }
                args.add(o.taskId());
                args.add(Integer.toString(o.item()));
                args.add(o.status().apiName());
                args.add(new String(o.toJson(), StandardCharsets.UTF_8));
            }
            Response r = eval(record, List.of(RedisKeys.job(id), RedisKeys.results(id), RedisKeys.items(id),
                            RedisKeys.events(id), RedisKeys.tree(id)),
                    args.toArray(String[]::new));
            for (int i = 0; i < chunk.size(); i++) {
                out.add(new Recorded(Verdict.valueOf(r.get(3 * i).toString().toUpperCase(java.util.Locale.ROOT)),
                        r.get(3 * i + 1).toString(), r.get(3 * i + 2).toInteger()));
            }
        }
        return out;
    }

    private static final int RECORD_CHUNK = 256;

    /** Claims the join for a reason other than completion; true when this caller must join the job. */
    public boolean claim(String jobId, String reason, long now, long leaseMs) {
        String answer = eval(claim, List.of(RedisKeys.job(jobId)), reason, Long.toString(now), Long.toString(leaseMs))
                .toString();
        if ("retake".equals(answer)) {
            retaken.increment();
        }
        return "join".equals(answer) || "retake".equals(answer);
    }

    /** Writes the terminal status; false when the job was not JOINING (someone else finished it). */
    public boolean finish(String jobId, String status, String resultJson, String error, long now, long retentionSeconds) {
        Response r = eval(finish, List.of(RedisKeys.job(jobId), RedisKeys.results(jobId), RedisKeys.items(jobId),
                RedisKeys.deadlinesOf(jobId), RedisKeys.events(jobId), RedisKeys.tree(jobId), RedisKeys.inputs(jobId)), status, resultJson == null ? "" : resultJson, Long.toString(now),
                Long.toString(retentionSeconds), jobId, error == null ? "" : error);
        return r.toInteger() == 1;
    }

    public Map<String, String> job(String jobId) {
        return redis.hash(String.class).hgetall(RedisKeys.job(jobId));
    }

    public List<TaskOutcome> outcomes(String jobId) {
        List<TaskOutcome> out = new ArrayList<>();
        redis.hash(String.class).hgetall(RedisKeys.results(jobId)).values()
                .forEach(json -> out.add(TaskOutcome.fromJson(json.getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    /** The recorded outcomes of some tasks of a job (those recorded; in no particular order). */
    public List<TaskOutcome> outcomes(String jobId, List<String> taskIds) {
        List<TaskOutcome> out = new ArrayList<>();
        if (taskIds.isEmpty()) {
            return out;
        }
        redis.hash(String.class).hmget(RedisKeys.results(jobId), taskIds.toArray(String[]::new)).values().stream()
                .filter(java.util.Objects::nonNull)
                .forEach(json -> out.add(TaskOutcome.fromJson(json.getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    /** Job ids of one shard ({@link RedisKeys#shard}) whose deadline is at or before {@code now}, oldest first. */
    public List<String> due(int shard, long now, int limit) {
        Response r = redis.execute("ZRANGEBYSCORE", RedisKeys.deadlines(shard), "-inf", Long.toString(now), "LIMIT",
                "0", Integer.toString(limit));
        List<String> ids = new ArrayList<>();
        if (r != null) {
            r.forEach(e -> ids.add(e.toString()));
        }
        return ids;
    }

    /** Drops a job from the deadline set (its state is gone or terminal). */
    public void forgetDeadline(String jobId) {
        redis.execute("ZREM", RedisKeys.deadlinesOf(jobId), jobId);
    }

    public String state(String jobId) {
        return redis.hash(String.class).hget(RedisKeys.job(jobId), JobFields.STATE);
    }

    private Response eval(String script, List<String> keys, String... args) {
        return scripts.eval(script, keys, args);
    }

}
