package io.braid.common.job;

/**
 * Redis keys of the fan-in state. All keys of one job share the hash tag {@code {jobId}} so they
 * live in one Redis Cluster slot and one Lua script may touch them together.
 */
public final class RedisKeys {
    /** Sorted set of job ids scored by deadline (epoch ms); the dispatcher's timer joins what is due. */
    public static final String DEADLINES = "braid:deadlines";

    /** Pub/sub channel: the id of every job that just reached a terminal status (for waiting requests). */
    public static final String FINISHED_CHANNEL = "braid:finished";

    private RedisKeys() {
    }

    /** Hash: state, pipeline, counts, join rule, deadline, timestamps, result. See {@link JobFields}. */
    public static String job(String jobId) {
        return "braid:{" + jobId + "}:job";
    }

    /** Hash: task id → outcome JSON. The first outcome of a task wins; duplicates change nothing. */
    public static String results(String jobId) {
        return "braid:{" + jobId + "}:results";
    }

    /** Hash: {@code <item>:ok}, {@code <item>:fail}, {@code <item>:state} per input item. */
    public static String items(String jobId) {
        return "braid:{" + jobId + "}:items";
    }

    /**
     * String: the layout of a convoy (several small jobs travelling as one task), its member jobs in
     * convoy order as {@code <jobId>:<items>,...}. Expires ten minutes after the convoy's deadline.
     */
    public static String convoy(String convoyId) {
        return "braid:{" + convoyId + "}:convoy";
    }

    /** String: the idempotency key's request fingerprint → job id. */
    public static String idempotency(String key) {
        return "braid:idem:{" + key + "}";
    }
}
