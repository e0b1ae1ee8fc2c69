package io.braid.common.wire;

/**
 * Kafka header names. Metadata travels in headers so a stage can route, skip or time a task
 * without decoding its (binary) value.
 */
public final class Headers {
    /** Job id (UTF-8). Also the record key of jobs and results. */
    public static final String JOB_ID = "braid-job-id";
    /** Task id: {@code <jobId>/<itemIndex>/<branch>}, or {@code <jobId>/<itemIndex>} before the fork. */
    public static final String TASK_ID = "braid-task-id";
    /** Zero-based index of the input item in its job (decimal). */
    public static final String ITEM_INDEX = "braid-item";
    /**
     * Item indices of a task that carries several items of one job, comma-separated, ascending
     * (e.g. {@code 0,1,2,5}); its value is then a {@link Parts} frame with one part per listed item,
     * and {@link #ITEM_INDEX} names the first. Absent for a one-item task, whose value is the item itself.
     */
    public static final String ITEMS = "braid-items";
    /** The client's id for the input item. */
    public static final String ITEM_ID = "braid-item-id";
    /** Branch name; absent before the fork. */
    public static final String BRANCH = "braid-branch";
    /** Pipeline name. */
    public static final String PIPELINE = "braid-pipeline";
    /** Delivery attempt of this task at the current stage, starting at 1 (decimal). */
    public static final String ATTEMPT = "braid-attempt";
    /** Absolute deadline, epoch milliseconds (decimal). Work past it is dropped and reported as timeout. */
    public static final String DEADLINE = "braid-deadline";
    /** Job priority, higher first (decimal). */
    public static final String PRIORITY = "braid-priority";
    /** The routing slip: the remaining steps of this task, JSON (see {@link RoutingSlip}). */
    public static final String SLIP = "braid-slip";
    /** Epoch milliseconds when the dispatcher created the task; the branch latency is measured from it. */
    public static final String CREATED_AT = "braid-created-at";
    /** Per-stage processing times so far: {@code stage=millis;stage=millis}. */
    public static final String TIMINGS = "braid-timings";
    /** Content type of a raw input value (e.g. image/png) before it becomes a tensor. */
    public static final String CONTENT_TYPE = "braid-content-type";
    /** Retry policy of the task's pipeline: {@code maxAttempts/backoffMs}. */
    public static final String RETRY = "braid-retry";
    /** W3C trace context, passed through unchanged. */
    public static final String TRACEPARENT = "traceparent";
    /** Dead-letter only: stage that gave up. */
    public static final String DLQ_STAGE = "braid-dlq-stage";
    /** Dead-letter only: error code. */
    public static final String DLQ_ERROR = "braid-dlq-error";
    /** Dead-letter only: error message. */
    public static final String DLQ_MESSAGE = "braid-dlq-message";
    /** Dead-letter only: the topic the record was read from. */
    public static final String DLQ_TOPIC = "braid-dlq-topic";
    /**
     * Dead-letter only, when the payload was cut to the dead-letter bound ({@link DeadLetterPayload}):
     * the original payload's size in bytes.
     */
    public static final String DLQ_ORIGINAL_BYTES = "braid-dlq-original-bytes";

    private Headers() {
    }
}
