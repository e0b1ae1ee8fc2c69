package io.braid.common.wire;

/**
 * Attribute names on Braid's trace spans (docs/architecture.md, Traces). {@link #JOB_ID} on the
 * gateway's {@code accept} span is how the local trace store finds a job's trace.
 */
public final class SpanAttributes {
    /** The job id (a convoy id on the spans of a convoy's tasks). */
    public static final String JOB_ID = "braid.job.id";
    /** The task id ({@code job/items/branch}). */
    public static final String TASK_ID = "braid.task.id";
    /** The pipeline name. */
    public static final String PIPELINE = "braid.pipeline";
    /** The stage: gateway, dispatcher, preprocess, inference, postprocess. */
    public static final String STAGE = "braid.stage";
    /** The inference pool, or the stage name for the CPU stages. */
    public static final String POOL = "braid.pool";
    /** How many items a task or a span covers. */
    public static final String ITEMS = "braid.items";
    /** The delivery attempt at this stage. */
    public static final String ATTEMPT = "braid.attempt";
    /** How many records a span sent. */
    public static final String RECORDS = "braid.records";
    /** Model name of a batch. */
    public static final String MODEL = "braid.model";
    /** Items in a batch. */
    public static final String BATCH_SIZE = "braid.batch.size";
    /** Device a batch ran on (cpu(), gpu(0)). */
    public static final String DEVICE = "braid.device";
    /** The join's terminal status. */
    public static final String STATUS = "braid.status";
    /** The members of a convoy. */
    public static final String CONVOY = "braid.convoy";

    private SpanAttributes() {
    }
}
