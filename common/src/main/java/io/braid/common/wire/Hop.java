package io.braid.common.wire;

import java.util.Map;

/**
 * One record a stage must send after it processed a task: the next stage's topic (or the results
 * topic), key, headers and value.
 */
public record Hop(String topic, String key, Map<String, String> headers, byte[] value) {

    /**
     * The records that continue a task after the current step produced {@code value}: the next
     * step of the slip, else one record per fork, else (the value being an outcome) the results topic.
     */
    public static java.util.List<Hop> forward(TaskHeaders task, byte[] value, String stage, long stageMillis) {
        RoutingSlip rest = task.slip().advance();
        if (!rest.steps().isEmpty()) {
            return java.util.List.of(new Hop(rest.current().topic(), task.jobId(),
                    task.next(rest, task.branch(), stage, stageMillis), value));
        }
        if (!rest.forks().isEmpty()) {
            return rest.forks().stream()
                    .map(f -> new Hop(f.slip().current().topic(), task.jobId(),
                            task.next(f.slip(), f.branch(), stage, stageMillis), value))
                    .toList();
        }
        throw new IllegalStateException("slip of " + task.taskId() + " ends after " + stage
                + "; the last step must produce an outcome");
    }

    /** One record that reports outcomes of one job to the fan-in (an array when there are several). */
    public static Hop outcomes(java.util.List<TaskOutcome> outcomes) {
        TaskOutcome first = outcomes.get(0);
        return new Hop(Topics.RESULTS, first.jobId(), Map.of(Headers.JOB_ID, first.jobId(),
                Headers.TASK_ID, first.taskId()), TaskOutcome.toJson(outcomes));
    }
}
