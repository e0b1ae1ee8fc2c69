package io.braid.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.braid.common.job.JobResult;
import io.braid.gateway.progress.ProgressView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "A job: its status, progress, timings and, once finished, its result")
public record JobView(
        @Schema(required = true) String jobId,
        @Schema(required = true) String pipeline,
        @Schema(required = true, enumeration = {"QUEUED", "RUNNING", "SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED",
                "CANCELLED"}) String status,
        @Schema(description = "branch outcomes received of all expected, per branch; while running the tree and ETA")
        ProgressView.Progress progress,
        Timings timings,
        @Schema(description = "a job-level error, when the job failed as a whole") String error,
        @Schema(implementation = JobResult.class, description = "per item: the reduced output and every branch's "
                + "outcome; once finished") @JsonRawValue String result,
        @Schema(description = "the job's trace (W3C trace id); absent when not traced") String traceId) {

    /** When the job was accepted, started and finished; duration until now or until finished. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Epoch-ms timestamps, and the duration until now or until finished")
    public record Timings(Long submittedAt, Long startedAt, Long finishedAt, Long deadline, Long durationMs) {
    }
}
