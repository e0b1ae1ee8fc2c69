package io.braid.common.job;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Redis keys of the fan-in state, laid out for Redis Cluster: every key that one Lua script call
 * touches lies in one hash slot.
 *
 * <p>A job does not get a slot of its own: it belongs to one of {@link #SHARDS} <em>shards</em>, a
 * pure function of its id ({@link #shard}), and every key of the job carries the shard's hash tag
 * {@code {jNN}}: {@code braid:{j07}:<jobId>:job}. The shard's deadline index,
 * {@code braid:{j07}:deadlines}, carries the same tag, so creating, finishing or failing a job and
 * updating its deadline entry is one script in one slot, and the deadline timer finds every due job
 * by reading {@link #SHARDS} sorted sets (never a global key, never a SCAN). An idempotency key is
 * bound to a job id derived from it ({@link #idempotentJobId}), so it lies in that job's shard too.
 *
 * <p>{@link #SHARDS} is part of the data layout: gateways and dispatchers must agree on it, and
 * changing it moves every job to other keys (drain Redis first).
 */
public final class RedisKeys {
    /**
     * Shards (hash tags) over which jobs and deadline indexes spread. 64 tags spread over the masters
     * of a cluster (each tag is one of 16384 slots, assigned by CRC16) and cost the timer 64 reads per pass.
     */
    public static final int SHARDS = 64;

    /** Pub/sub channel: the id of every job that just reached a terminal status (for waiting requests). */
    public static final String FINISHED_CHANNEL = "braid:finished";

    private RedisKeys() {
    }

    /** The shard of a job: {@code floorMod(jobId.hashCode(), SHARDS)} (String.hashCode is specified, so stable). */
    public static int shard(String jobId) {
        return Math.floorMod(jobId.hashCode(), SHARDS);
    }

    /** The hash tag of shard {@code k}, e.g. {@code {j07}}. */
    public static String tag(int shard) {
        if (shard < 0 || shard >= SHARDS) {
            throw new IllegalArgumentException("shard " + shard + " is not in 0.." + (SHARDS - 1));
        }
        return "{j" + (shard < 10 ? "0" : "") + shard + "}";
    }

    private static String prefix(String jobId) {
        return "braid:" + tag(shard(jobId)) + ":" + jobId;
    }

    /** Hash: state, pipeline, counts, join rule, deadline, timestamps, result. See {@link JobFields}. */
    public static String job(String jobId) {
        return prefix(jobId) + ":job";
    }

    /** Hash: task id → outcome JSON. The first outcome of a task wins; duplicates change nothing. */
    public static String results(String jobId) {
        return prefix(jobId) + ":results";
    }

    /** Hash: {@code <item>:ok}, {@code <item>:fail}, {@code <item>:state} per input item. */
    public static String items(String jobId) {
        return prefix(jobId) + ":items";
    }

    /**
     * Hash: the inputs of a job whose pipeline has a synthesis or a plan, {@code <item index>} → the item's text
     * (or JSON document), and {@code job} → the job's one input of a plan pipeline; read after the join to render
     * the synthesis prompt. Written by start.lua (and plan.lua for subtasks), expires with the job hash, deleted when
     * the job finishes.
     */
    public static String inputs(String jobId) {
        return prefix(jobId) + ":inputs";
    }

    /**
     * Stream: the job's events ({@code e} = status, branch, item or end, with their fields and {@code at}), written
     * by the dispatcher's scripts; the gateway serves it as Server-Sent Events, the entry id as the event id.
     * Expires with the job hash.
     */
    public static String events(String jobId) {
        return prefix(jobId) + ":events";
    }

    /**
     * Hash: the progress tree of a running job, {@code <item>:<branch>} → the stages that cell entered,
     * {@code stage@epochMs,...} in arrival order (queued, preprocess, batch, inference, postprocess, joined).
     * Deleted when the job finishes.
     */
    public static String tree(String jobId) {
        return prefix(jobId) + ":tree";
    }

    /**
     * Hash: what the dispatchers observe of a pipeline ({@code <instance>|rate} items finished per second,
     * {@code <instance>|<branch>|<stage>} typical milliseconds in a stage, {@code <instance>|at} when written);
     * read by the gateway for ETAs and admission control. Expires a day after its last update.
     */
    public static String stats(String pipeline) {
        return "braid:stats:{" + pipeline + "}";
    }

    /** Sorted set of the ids of shard {@code k}'s unfinished jobs, scored by deadline (epoch ms). */
    public static String deadlines(int shard) {
        return "braid:" + tag(shard) + ":deadlines";
    }

    /** The deadline index that holds {@code jobId}. */
    public static String deadlinesOf(String jobId) {
        return deadlines(shard(jobId));
    }

    /**
     * String: the layout of a convoy (several small jobs travelling as one task), its member jobs in
     * convoy order as {@code <jobId>:<items>,...}. Expires ten minutes after the convoy's deadline.
     * Only ever touched alone, so it keeps a tag of its own.
     */
    public static String convoy(String convoyId) {
        return "braid:{" + convoyId + "}:convoy";
    }

    /**
     * The job id an {@code Idempotency-Key} stands for: a name-based UUID of the key. The same key
     * always names the same job, so the key and the job live in one shard and one script claims the
     * key and creates the job together.
     */
    public static String idempotentJobId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("braid-idempotency\u0000" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** String: the request fingerprint bound to an idempotency key, in the shard of its job. */
    public static String idempotency(String idempotencyKey) {
        return prefix(idempotentJobId(idempotencyKey)) + ":idem";
    }

    /** The in-flight scope of a tenant (admission control: its most items in flight). */
    public static String tenantScope(String tenant) {
        return "t:" + tenant;
    }

    /** The in-flight scope of a pipeline (admission control: its backlog bound and deadline check). */
    public static String pipelineScope(String pipeline) {
        return "p:" + pipeline;
    }

    /**
     * Sorted set: the jobs in flight in a scope ({@link #tenantScope}, {@link #pipelineScope}) as
     * {@code <jobId>|<items>}, scored by when each stops counting (deadline plus grace); expires with its
     * last member. Written by {@code lua/inflight-admit.lua} and {@code lua/inflight-release.lua}.
     */
    public static String inflight(String scope) {
        return "braid:inflight:{" + scope + "}";
    }

    /** String: the items of the jobs in {@link #inflight}'s set, in its slot. */
    public static String inflightItems(String scope) {
        return inflight(scope) + ":items";
    }

    /**
     * Sorted set: a tenant's recent job ids scored by submit time (epoch ms), for {@code GET /v1/jobs}. Written
     * by the gateway after it created a job ({@code lua/recent.lua}), trimmed there to the newest
     * {@code braid.gateway.recent-jobs} and to the unfinished-job retention; a member whose job hash expired is
     * skipped when read. A key of its own (not in a job's shard): it is only ever touched alone.
     */
    public static String recentJobs(String tenant) {
        return "braid:recent:{t:" + tenant + "}";
    }

    /**
     * Hash: what the inference pools observe of their models, for {@code GET /v1/pools}: field
     * {@code <pool>|<model>|<instance>} → a JSON snapshot (queue length and capacity, batches and items served,
     * the batch-size histogram, items per second, when written), written every few seconds by each pool
     * process; read by the gateway, which keeps only fresh snapshots. Expires a day after its last write.
     */
    public static final String POOL_STATS = "braid:pools";
}
