package io.braid.common.wire;

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
 */
public record JobRequest(String jobId, String pipeline, List<JobItem> items, long deadlineEpochMs,
                         int priority, long submittedAtMs) {
    public JobRequest {
        items = List.copyOf(items);
    }
}
