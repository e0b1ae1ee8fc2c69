package io.braid.common.wire;

/** Kafka topic names. Every stage reads exactly one of these; the routing slip names the next. */
public final class Topics {
    /** Jobs accepted by the gateway, keyed by job id. Consumed by the dispatcher. */
    public static final String JOBS = "braid.jobs";
    /** Tasks waiting for CPU pre-processing. */
    public static final String PREPROCESS = "braid.preprocess";
    /** Prefix of the per-pool inference topics: {@code braid.inference.<pool>}. */
    public static final String INFERENCE_PREFIX = "braid.inference.";
    /** Tasks waiting for CPU post-processing. */
    public static final String POSTPROCESS = "braid.postprocess";
    /** Task outcomes on their way back to the fan-in, keyed by job id. */
    public static final String RESULTS = "braid.results";
    /**
     * Control messages ({@link ControlMessage}): cancellations from the gateway to the dispatcher,
     * and "skip this work" notices from the dispatcher that every stage instance reads.
     */
    public static final String CONTROL = "braid.control";
    /** Progress marks ({@link ProgressMark}): a stage took a task. Consumed by the dispatcher. */
    public static final String PROGRESS = "braid.progress";
    /** Records a stage gave up on, with headers naming stage, error and attempt. */
    public static final String DEAD_LETTER = "braid.deadletter";

    private Topics() {
    }

    /** The inference topic of one pool. */
    public static String inference(String pool) {
        return INFERENCE_PREFIX + pool;
    }
}
