package io.braid.dispatcher.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.common.job.JobFields;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.Json;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.TaskOutcome;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.join.Joiner;
import io.braid.dispatcher.plan.Catalog;
import io.braid.dispatcher.plan.JobPlanner;
import io.braid.dispatcher.plan.PlanCheck;
import io.braid.dispatcher.plan.SystemTasks;
import io.braid.dispatcher.store.FanInStore;
import io.braid.stage.StageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan and synthesis calls of jobs: the plan task a plan job starts with, the subtasks' branch tasks once its
 * plan arrived, and the synthesis task that an item's (or a plan job's) decision asks for. What they send is
 * acked with the record that caused it, like every task of the dispatcher.
 */
@ApplicationScoped
public class SystemCalls {
    private static final Logger LOG = Logger.getLogger(SystemCalls.class);

    private final FanInStore store;
    private final Catalog catalog;
    private final Joiner joiner;
    private final Clock clock;
    private final long leaseMs;
    private final long maxRecordBytes;

    @Inject
    public SystemCalls(FanInStore store, Catalog catalog, Joiner joiner, Clock clock, DispatcherConfig config,
                       StageConfig stageConfig) {
        this.store = store;
        this.catalog = catalog;
        this.joiner = joiner;
        this.clock = clock;
        this.leaseMs = config.dispatcher().joinLease().toMillis();
        this.maxRecordBytes = io.braid.common.wire.RecordLimits.maxValueBytes(stageConfig.maxRecordBytes());
    }

    /** The inputs a synthesis or plan job keeps for its synthesis prompt (none for other pipelines or raw inputs). */
    public static Map<String, String> inputs(JobRequest job, PipelineDefinition p) {
        Map<String, String> inputs = new LinkedHashMap<>();
        boolean textual = "text".equals(p.input()) || "json".equals(p.input());
        if (!textual || (p.synthesis() == null && p.plan() == null)) {
            return inputs;
        }
        if (p.plan() != null) {
            if (!job.items().isEmpty()) {
                inputs.put("job", new String(job.items().get(0).data(), StandardCharsets.UTF_8));
            }
            return inputs;
        }
        for (int i = 0; i < job.items().size(); i++) {
            inputs.put(Integer.toString(i), new String(job.items().get(i).data(), StandardCharsets.UTF_8));
        }
        return inputs;
    }

    /** The one task a plan job starts with: its plan call over {@code input}. */
    public Hop planTask(JobRequest job, PipelineDefinition p) {
        JobItem input = job.items().get(0);
        ObjectNode fields = Json.MAPPER.createObjectNode();
        fields.set("input", SystemTasks.input(p, new String(input.data(), StandardCharsets.UTF_8)));
        String prompt;
        try {
            prompt = SystemTasks.render(p.plan().prompt(), fields);
        } catch (IllegalArgumentException e) {
            return SystemTasks.failed(job.jobId(), 0, PipelineDefinition.PLAN_BRANCH, ErrorCode.BAD_INPUT,
                    "the plan prompt does not render: " + e.getMessage());
        }
        return SystemTasks.plan(job.jobId(), p, catalog.models(), input.id(), prompt, job.deadlineEpochMs(),
                job.priority(), clock.millis());
    }

    /**
     * After an ok plan outcome: a valid plan's subtasks become the job's items ({@code plan.lua}, once) and their
     * branch tasks are sent (again on a redelivery: harmless); an invalid plan fails the job.
     */
    public List<Hop> planned(TaskOutcome plan) {
        String jobId = plan.jobId();
        Map<String, String> job = store.job(jobId);
        PipelineDefinition p = catalog.pipeline(job.getOrDefault(JobFields.PIPELINE, "")).orElse(null);
        if (p == null || p.plan() == null) {
            return List.of();
        }
        PlanCheck.Checked c = PlanCheck.check(plan.output(), p);
        long now = clock.millis();
        if (!c.valid()) {
            LOG.debugf("job %s: %s", jobId, c.error());
            if (store.claim(jobId, "complete", now, leaseMs)) {
                joiner.join(jobId);
            }
            return List.of();
        }
        List<String> ids = PlanCheck.ids(c.subtasks().size());
        String expanded = store.expand(jobId, ids, c.subtasks(), now);
        if (!"planned".equals(expanded) && !"again".equals(expanded)) {
            return List.of();
        }
        List<JobItem> items = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            items.add(new JobItem(ids.get(i), SystemTasks.TEXT, subtaskValue(p, c.subtasks().get(i))));
        }
        JobRequest request = new JobRequest(jobId, p.name(), items, deadline(job), priority(job), now);
        return JobPlanner.plan(request, p, catalog.models(), now, maxRecordBytes);
    }

    /** A subtask as a JSON pipeline's item must be JSON: a plain text subtask becomes a JSON string. */
    private static byte[] subtaskValue(PipelineDefinition p, String subtask) {
        if ("json".equals(p.input())) {
            try {
                Json.MAPPER.readTree(subtask);
            } catch (java.io.IOException e) {
                return Json.write(subtask);
            }
        }
        return subtask.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a job's synthesis is job-level (its pipeline has a plan). */
    public boolean ofJob(String jobId) {
        return "job".equals(store.job(jobId).get(JobFields.SYNTHESIS));
    }

    /** The synthesis task that the answer {@code synthesize} to {@code deciding} asks for. */
    public List<Hop> synthesize(TaskOutcome deciding) {
        String jobId = deciding.jobId();
        Map<String, String> job = store.job(jobId);
        PipelineDefinition p = catalog.pipeline(job.getOrDefault(JobFields.PIPELINE, "")).orElse(null);
        if (p == null || p.synthesis() == null) {
            return List.of();
        }
        Map<String, String> inputs = store.inputs(jobId);
        List<String> ids = Arrays.asList(Json.read(job.getOrDefault(JobFields.ITEM_IDS, "[]"), String[].class));
        boolean ofJob = p.plan() != null;
        int item = ofJob ? 0 : deciding.item();
        String prompt;
        try {
            ObjectNode fields = ofJob ? jobFields(jobId, p, ids.size(), inputs)
                    : SystemTasks.itemFields(SystemTasks.input(p, inputs.get(Integer.toString(item))),
                    okOutputs(store.outcomes(jobId, taskIds(jobId, item, p))));
            prompt = SystemTasks.render(p.synthesis().prompt(), fields);
        } catch (IllegalArgumentException e) {
            return List.of(SystemTasks.failed(jobId, item, PipelineDefinition.SYNTHESIS_BRANCH, ErrorCode.BAD_INPUT,
                    "the synthesis prompt does not render: " + e.getMessage()));
        }
        String itemId = ofJob ? "job" : item < ids.size() ? ids.get(item) : Integer.toString(item);
        return List.of(SystemTasks.synthesis(jobId, p, catalog.models(), item, itemId, prompt, deadline(job),
                priority(job), clock.millis()));
    }

    private ObjectNode jobFields(String jobId, PipelineDefinition p, int items, Map<String, String> inputs) {
        List<Map<String, io.braid.common.wire.BranchOutput>> outputs = new ArrayList<>();
        List<String> subtasks = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            outputs.add(new LinkedHashMap<>());
            subtasks.add(inputs.getOrDefault(Integer.toString(i), ""));
        }
        for (TaskOutcome o : store.outcomes(jobId)) {
            if (o.status() == OutcomeStatus.OK && o.item() >= 0 && o.item() < items && !o.branch().startsWith("_")) {
                outputs.get(o.item()).put(o.branch(), o.output());
            }
        }
        // in branch order, whatever order the outcomes were stored in
        List<Map<String, BranchOutput>> ordered = new ArrayList<>();
        for (Map<String, BranchOutput> out : outputs) {
            Map<String, BranchOutput> m = new LinkedHashMap<>();
            p.branchNames().stream().filter(out::containsKey).forEach(b -> m.put(b, out.get(b)));
            ordered.add(m);
        }
        return SystemTasks.jobFields(SystemTasks.input(p, inputs.get("job")), subtasks, ordered);
    }

    private static List<String> taskIds(String jobId, int item, PipelineDefinition p) {
        return p.branchNames().stream().map(b -> TaskOutcome.taskId(jobId, item, b)).toList();
    }

    private static Map<String, BranchOutput> okOutputs(List<TaskOutcome> outcomes) {
        Map<String, BranchOutput> out = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.status() == OutcomeStatus.OK).forEach(o -> out.put(o.branch(), o.output()));
        return out;
    }

    private static long deadline(Map<String, String> job) {
        return Long.parseLong(job.getOrDefault(JobFields.DEADLINE, "0"));
    }

    private static int priority(Map<String, String> job) {
        String p = job.get("priority");
        return p == null || p.isEmpty() ? 0 : Integer.parseInt(p);
    }
}
