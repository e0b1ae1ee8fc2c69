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
        return checked(Json.read(json, TaskOutcome.class));
    }

    /** The JSON of a results record: one outcome as an object, several (of one job) as an array. */
    public static byte[] toJson(java.util.List<TaskOutcome> outcomes) {
        return outcomes.size() == 1 ? outcomes.get(0).toJson() : Json.write(outcomes);
    }

    /** The outcomes of a results record, an object or an array of them. */
    public static java.util.List<TaskOutcome> listFromJson(byte[] json) {
        int i = 0;
        while (json != null && i < json.length && Character.isWhitespace(json[i])) {
            i++;
        }
        if (json == null || i == json.length || json[i] != '[') {
            return java.util.List.of(fromJson(json));
        }
        TaskOutcome[] all = Json.read(json, TaskOutcome[].class);
        if (all.length == 0) {
            throw new WireFormatException("results record holds no outcome");
        }
        java.util.List<TaskOutcome> out = new java.util.ArrayList<>(all.length);
        for (TaskOutcome o : all) {
            out.add(checked(o));
        }
        return out;
    }

    private static TaskOutcome checked(TaskOutcome o) {
        if (o == null || o.jobId() == null || o.branch() == null || o.status() == null) {
            throw new WireFormatException("task outcome lacks jobId, branch or status");
        }
        return o;
    }
}
