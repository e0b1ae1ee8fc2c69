package io.braid.dispatcher.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.braid.common.ops.Template;
import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.Json;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.SlipCodec;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskError;
import io.braid.common.wire.TaskOutcome;
import io.braid.common.wire.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher's own model calls, as task records: a plan ({@value PipelineDefinition#PLAN_BRANCH}) and a
 * synthesis ({@value PipelineDefinition#SYNTHESIS_BRANCH}). Each is one text item whose value is the prompt already
 * rendered here (so the inference step carries only the system prompt), routed to the model's pool and then to
 * {@code text-output} ({@code parse: json} for a plan). Plain Java.
 */
public final class SystemTasks {
    /** Content type of the rendered prompt a system task carries. */
    public static final String TEXT = "text/plain";

    private SystemTasks() {
    }

    /** The synthesis task of item {@code item} (item 0 for a job-level synthesis), due at the job's deadline. */
    public static Hop synthesis(String jobId, PipelineDefinition p, ModelRepository models, int item, String itemId,
                                String prompt, long jobDeadline, int priority, long nowMs) {
        PipelineDefinition.Synthesis s = p.synthesis();
        return task(jobId, p, model(p, models, s.model()), s.system(), Map.of(), item, itemId, prompt, jobDeadline,
                priority, nowMs, PipelineDefinition.SYNTHESIS_BRANCH);
    }

    /** The plan task of a job (item 0); it must end before the branches' deadline. */
    public static Hop plan(String jobId, PipelineDefinition p, ModelRepository models, String itemId, String prompt,
                           long jobDeadline, int priority, long nowMs) {
        PipelineDefinition.Plan plan = p.plan();
        return task(jobId, p, model(p, models, plan.model()), plan.system(), Map.of("parse", "json"), 0, itemId, prompt,
                JobPlanner.branchDeadline(jobDeadline, p), priority, nowMs, PipelineDefinition.PLAN_BRANCH);
    }

    private static Hop task(String jobId, PipelineDefinition p, ModelSpec model, String system, Map<String, Object> post,
                            int item, String itemId, String prompt, long deadline, int priority, long nowMs,
                            String branch) {
        List<Step> steps = List.of(JobPlanner.inference(model, system, null),
                new Step("postprocess", Topics.POSTPROCESS, "text-output", post));
        RoutingSlip slip = new RoutingSlip(steps, List.of());
        String encoded = new String(SlipCodec.encode(slip), StandardCharsets.UTF_8);
        Map<String, String> h = JobPlanner.headers(jobId, p, item, new JobItem(itemId, TEXT, new byte[0]), deadline,
                priority, nowMs, encoded, branch);
        return new Hop(slip.current().topic(), jobId, h, PayloadCodec.encode(Payload.text(prompt)));
    }

    private static ModelSpec model(PipelineDefinition p, ModelRepository models, String name) {
        return models.find(name).orElseThrow(() ->
                new IllegalStateException("pipeline " + p.name() + " names unknown model " + name));
    }

    /**
     * A system call that could not even be sent (its prompt does not render): its error outcome, as a results record
     * the fan-in records like any other.
     */
    public static Hop failed(String jobId, int item, String branch, ErrorCode code, String message) {
        TaskOutcome o = new TaskOutcome(jobId, TaskOutcome.taskId(jobId, item, branch), item, branch,
                OutcomeStatus.ERROR, null, TaskError.of(code, "dispatcher", message), 1, 0, Map.of());
        return new Hop(Topics.RESULTS, jobId, Map.of(Headers.JOB_ID, jobId, Headers.BRANCH, branch), o.toJson());
    }

    /** A kept input as a template value: a JSON pipeline's document, else its text. */
    public static JsonNode input(PipelineDefinition p, String stored) {
        if (stored == null) {
            return null;
        }
        if ("json".equals(p.input())) {
            try {
                return Json.MAPPER.readTree(stored);
            } catch (IOException e) {
                return TextNode.valueOf(stored);
            }
        }
        return TextNode.valueOf(stored);
    }

    /** The fields of an item's synthesis prompt: {@code input} and {@code branches} (name → output, ok ones only). */
    public static ObjectNode itemFields(JsonNode input, Map<String, BranchOutput> okOutputs) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        if (input != null) {
            fields.set("input", input);
        }
        fields.set("branches", outputs(okOutputs));
        return fields;
    }

    /**
     * The fields of a job-level synthesis prompt: {@code input} (the job's input) and {@code subtasks}, per subtask
     * {@code {subtask, branches: {name: output}}} (ok branches only).
     */
    public static ObjectNode jobFields(JsonNode input, List<String> subtasks, List<Map<String, BranchOutput>> okOutputs) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        if (input != null) {
            fields.set("input", input);
        }
        ArrayNode list = fields.putArray("subtasks");
        for (int i = 0; i < subtasks.size(); i++) {
            ObjectNode s = list.addObject();
            s.put("subtask", subtasks.get(i));
            s.set("branches", outputs(i < okOutputs.size() ? okOutputs.get(i) : Map.of()));
        }
        return fields;
    }

    private static ObjectNode outputs(Map<String, BranchOutput> okOutputs) {
        ObjectNode branches = Json.MAPPER.createObjectNode();
        okOutputs.forEach((name, out) -> branches.set(name, Json.MAPPER.valueToTree(out)));
        return branches;
    }

    /**
     * A prompt rendered over its fields; without a template, the fields as compact JSON (a synthesis) or the input
     * (a plan). {@link IllegalArgumentException} names a field without a value.
     */
    public static String render(String template, ObjectNode fields) {
        if (template == null) {
            JsonNode input = fields.get("input");
            return fields.size() == 1 && input != null && input.isTextual() ? input.asText() : fields.toString();
        }
        return Template.of(template).render(fields);
    }
}
