package io.braid.dispatcher.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.BranchOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a plan model's reply is a usable plan: a JSON array ({@code output.data}, from {@code text-output} with
 * {@code parse: json}) of 1 to {@code plan.maxSubtasks} elements; strings are subtasks as they are, any other
 * element becomes its compact JSON text. Plain Java: the result consumer checks before it expands the job, the joiner
 * again when it fails a job for its plan, with the same words.
 */
public final class PlanCheck {
    private PlanCheck() {
    }

    /** The subtasks, or the reason ({@code error}) the plan is refused. */
    public record Checked(List<String> subtasks, String error) {
        public boolean valid() {
            return error == null;
        }
    }

    public static Checked check(BranchOutput output, PipelineDefinition p) {
        JsonNode data = output == null ? null : output.data();
        if (data == null) {
            return refused("the plan model's reply is not JSON; pipeline " + p.name()
                    + " needs a JSON array of subtasks");
        }
        if (!data.isArray()) {
            return refused("the plan is a JSON " + data.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an array of subtasks");
        }
        if (data.isEmpty()) {
            return refused("the plan has no subtasks");
        }
        int max = p.plan().maxSubtasks();
        if (data.size() > max) {
            return refused("the plan has " + data.size() + " subtasks; pipeline " + p.name() + " allows at most " + max
                    + " (plan.maxSubtasks)");
        }
        List<String> subtasks = new ArrayList<>(data.size());
        for (JsonNode e : data) {
            String s = e.isTextual() ? e.asText() : e.toString();
            if (e.isNull() || s.isBlank()) {
                return refused("subtask " + subtasks.size() + " of the plan is empty");
            }
            subtasks.add(s);
        }
        return new Checked(subtasks, null);
    }

    /** The item ids of a plan's subtasks: {@code subtask-0..n-1}. */
    public static List<String> ids(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("subtask-" + i);
        }
        return ids;
    }

    private static Checked refused(String error) {
        return new Checked(List.of(), error);
    }
}
