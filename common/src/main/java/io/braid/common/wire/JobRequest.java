package io.braid.common.wire;

import io.braid.common.pipeline.JoinOverride;

import java.util.List;

/**
 * A job as the gateway hands it to the dispatcher on {@link Topics#JOBS}.
 *
 * @param jobId           the job id (also the record key)
 * @param pipeline        the pipeline name
 * @param items           the input items
 * @param deadlineEpochMs absolute deadline; the job is joined by then at the latest
 * @param priority        higher runs first where stages queue
 * @param submittedAtMs   when the gateway accepted it
 * @param join            the request's changes to the pipeline's join policy; null for none
 */
public record JobRequest(String jobId, String pipeline, List<JobItem> items, long deadlineEpochMs,
                         int priority, long submittedAtMs, JoinOverride join) {
    public JobRequest {
        items = List.copyOf(items);
    }

    public JobRequest(String jobId, String pipeline, List<JobItem> items, long deadlineEpochMs, int priority,
                      long submittedAtMs) {
        this(jobId, pipeline, items, deadlineEpochMs, priority, submittedAtMs, null);
    }
}
