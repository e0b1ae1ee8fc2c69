package io.braid.common.wire;

import java.util.Map;

/**
 * The end of one task (item × branch), sent to {@link Topics#RESULTS} keyed by job id.
 *
 * @param jobId     the job
 * @param taskId    {@code <jobId>/<item>/<branch>}
 * @param item      index of the input item
 * @param branch    branch name
 * @param status    how it ended
 * @param output    the branch output when {@code status} is OK
 * @param error     the error otherwise
 * @param attempts  delivery attempts it took at the stage that ended it
 * @param latencyMs milliseconds from task creation to this outcome
 * @param timings   milliseconds spent in each stage
 */
public record TaskOutcome(String jobId, String taskId, int item, String branch, OutcomeStatus status,
                          BranchOutput output, TaskError error, int attempts, long latencyMs,
                          Map<String, Long> timings) {

    public static String taskId(String jobId, int item, String branch) {
        return jobId + "/" + item + "/" + branch;
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static TaskOutcome fromJson(byte[] json) {
        TaskOutcome o = Json.read(json, TaskOutcome.class);
        if (o.jobId() == null || o.branch() == null || o.status() == null) {
            throw new WireFormatException("task outcome lacks jobId, branch or status");
        }
        return o;
    }
}
