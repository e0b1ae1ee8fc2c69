package io.braid.common.wire;

/** Typed task errors. Each code says whether a retry can help. */
public enum ErrorCode {
    /** The input cannot be processed (e.g. an image that does not decode). */
    BAD_INPUT(false),
    /** A record or header could not be decoded at all. */
    POISON_RECORD(false),
    /** The slip names a model this pool does not serve. */
    MODEL_NOT_FOUND(false),
    /** The tensor does not match the model's declared input. */
    SHAPE_MISMATCH(false),
    /** The engine failed on this item even alone. */
    INFERENCE_FAILED(false),
    /** The stage's queue is full; try again later. */
    OVERLOADED(true),
    /** A dependency (broker, store) was briefly unavailable. */
    UNAVAILABLE(true),
    /** The task's deadline passed before the work was done. */
    DEADLINE_EXCEEDED(false),
    /** The job was cancelled or already joined. */
    CANCELLED(false),
    /**
     * The input, or what a stage made of it, exceeds a configured limit: an image larger than
     * {@code braid.images.max-*} or the pixel budget, a value larger than a record may carry.
     */
    TOO_LARGE(false),
    /** The stage ran out of memory on this work; retrying the same work would fail the same way. */
    RESOURCE_EXHAUSTED(false),
    /**
     * A plan model's reply is not a usable plan: not a JSON array, empty, or more subtasks than the pipeline's
     * {@code plan.maxSubtasks}.
     */
    PLAN_INVALID(false),
    /** An unexpected failure inside a stage. */
    INTERNAL(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether retrying the same task can succeed. */
    public boolean retryable() {
        return retryable;
    }
}
