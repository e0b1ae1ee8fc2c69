package io.braid.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.braid.gateway.progress.ProgressView;

/**
 * A job as the API shows it.
 *
 * @param jobId    the job id
 * @param pipeline the pipeline
 * @param status   QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, EXPIRED or CANCELLED
 * @param progress branch outcomes received of all expected, per branch; while running the tree and ETA
 * @param timings  epoch-ms timestamps and the duration so far
 * @param error    a job-level error, when the job failed as a whole
 * @param result   per item: reduced output and every branch's outcome, once finished
 * @param traceId  the job's trace (W3C trace id), for {@code ./braid trace} or a tracing backend; absent when not traced
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String jobId, String pipeline, String status, ProgressView.Progress progress, Timings timings, String error,
                      @JsonRawValue String result, String traceId) {

    /** When the job was accepted, started and finished; duration until now or until finished. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timings(Long submittedAt, Long startedAt, Long finishedAt, Long deadline, Long durationMs) {
    }
}
