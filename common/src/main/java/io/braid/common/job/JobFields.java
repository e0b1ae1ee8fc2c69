package io.braid.common.job;

/** Field names of the {@link RedisKeys#job} hash. */
public final class JobFields {
    /** {@link io.braid.common.wire.JobStatus} name, or {@code JOINING} while one caller builds the result. */
    public static final String STATE = "state";
    public static final String PIPELINE = "pipeline";
    /** Number of input items. */
    public static final String ITEMS = "items";
    /** The client's item ids in input order, JSON array. */
    public static final String ITEM_IDS = "ids";
    /** Number of branches per item. */
    public static final String BRANCHES = "branches";
    /** Successful branches an item needs (all: branches, quorum: k, first: 1). */
    public static final String NEED = "need";
    /** Failed branches an item tolerates. */
    public static final String TOLERATE = "tolerate";
    /** What a deadline join produces for this job: PARTIAL or FAIL (the pipeline's, or the request's override). */
    public static final String ON_TIMEOUT = "onTimeout";
    /** Outcomes recorded so far (distinct tasks). */
    public static final String DONE = "done";
    /** Items whose outcome is decided. */
    public static final String DECIDED = "decided";
    public static final String DEADLINE = "deadline";
    /** Set when the job travels in a convoy: {@code <convoyId>:<index of its first item in the convoy>}. */
    public static final String CONVOY = "convoy";
    public static final String SUBMITTED_AT = "submittedAt";
    public static final String STARTED_AT = "startedAt";
    public static final String FINISHED_AT = "finishedAt";
    /** Why the job joined: {@code complete}, {@code deadline}, {@code cancelled}. */
    public static final String JOIN_REASON = "joinReason";
    /** When the current JOINING claim was taken (epoch ms), so a crashed joiner's claim can be retaken. */
    public static final String JOINING_SINCE = "joiningSince";
    /** The finished job's result, JSON ({@link JobResult}). */
    public static final String RESULT = "result";
    /** A job-level error message (e.g. unknown pipeline at the dispatcher). */
    public static final String ERROR = "error";
    /** The tenant that submitted the job (written by the gateway's create.lua); other tenants read 404. */
    public static final String TENANT = "tenant";
    /** The W3C trace context of the gateway's {@code accept} span: the join's span continues the job's trace from it. */
    public static final String TRACEPARENT = "traceparent";

    /**
     * Set by start.lua for a pipeline with a synthesis: {@code item} (one synthesis call per item after its join) or
     * {@code job} (one per job after every item, for a pipeline with a plan).
     */
    public static final String SYNTHESIS = "synth";
    /** Set by start.lua for a pipeline with a plan: {@code 1}; {@code items} stays 0 until the plan arrived. */
    public static final String PLAN = "plan";
    /** Set by plan.lua once the plan's subtasks became the job's items: their number. */
    public static final String PLANNED = "planned";
    /** The items the gateway admitted (in-flight scopes), kept by start.lua when a plan will change {@code items}. */
    public static final String ADMITTED = "admitted";
    /** Items decided with at least one successful branch (a job-level synthesis runs only when some are). */
    public static final String OK_ITEMS = "okItems";
    /**
     * The job-level synthesis: {@code pending} once asked for (with {@code synthBy}, the task id whose outcome asked),
     * then the status of its outcome.
     */
    public static final String JOB_SYNTHESIS = "jobSynth";
    public static final String SYNTHESIS_BY = "synthBy";

    /** The transient state between the join decision and the terminal status. */
    public static final String JOINING = "JOINING";

    private JobFields() {
    }
}
