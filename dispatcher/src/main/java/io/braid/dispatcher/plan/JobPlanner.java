package io.braid.dispatcher.plan;

import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.payload.PayloadKind;
import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.pipeline.PipelineDefinition.Branch;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.Parts;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.SlipCodec;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskHeaders;
import io.braid.common.wire.Topics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a job into tasks: preprocess tasks whose routing slip forks, after the shared preprocess
 * step, into one route per branch (the branch model's pool topic, then its postprocess step).
 * Preprocessing therefore runs once per item, not once per branch. Consecutive items travel
 * together, up to the pipeline's {@code itemsPerTask}, the smallest {@code maxQueueSize} of its
 * models (a task enters a batch queue all at once) and a byte bound per record.
 */
public final class JobPlanner {
    private JobPlanner() {
    }

    /** The records that start a job, in item order (one per item with {@code maxRecordBytes} of 1 or bundling off). */
    public static List<Hop> plan(JobRequest job, PipelineDefinition pipeline, ModelRepository models, long nowMs,
                                 long maxRecordBytes) {
        RoutingSlip slip = slip(pipeline, models);
        PayloadKind kind = PayloadKind.parse(pipeline.input());
        List<byte[]> data = job.items().stream().map(i -> asValue(kind, i)).toList();
        List<Hop> hops = new ArrayList<>();
        long deadline = branchDeadline(job.deadlineEpochMs(), pipeline);
        // without a preprocess step the items go straight to every branch: the slip's forks are the routes
        List<RoutingSlip.Fork> routes = pipeline.preprocess() == null ? slip.forks()
                : java.util.Collections.singletonList(new RoutingSlip.Fork(null, slip));
        for (RoutingSlip.Fork route : routes) {
            String encodedSlip = new String(SlipCodec.encode(route.slip()), StandardCharsets.UTF_8);
            for (List<Integer> group : Parts.groups(data, itemsPerTask(pipeline, models), maxRecordBytes)) {
                JobItem item = job.items().get(group.get(0));
                Map<String, String> h = headers(job.jobId(), pipeline, group.get(0), item, deadline, job.priority(), nowMs,
                        encodedSlip, route.branch());
                if (group.size() > 1) {
                    h.remove(Headers.ITEM_ID);
                    h.remove(Headers.CONTENT_TYPE);
                    h.put(Headers.ITEMS, TaskHeaders.itemsHeader(group));
                }
                hops.add(new Hop(route.slip().current().topic(), job.jobId(), h, Parts.value(group.stream().map(data::get).toList())));
            }
        }
        return hops;
    }

    /**
     * The deadline a branch task carries: the job's, less the synthesis's reserve when the pipeline has a synthesis
     * (its call runs after the branches, within the job's deadline).
     */
    public static long branchDeadline(long jobDeadline, PipelineDefinition pipeline) {
        return pipeline.synthesis() == null ? jobDeadline : jobDeadline - pipeline.synthesis().reserveMs();
    }

    /** The headers of a task of one item (the branch header only when {@code branch} is not null). */
    static Map<String, String> headers(String jobId, PipelineDefinition pipeline, int index, JobItem item, long deadline,
                                       int priority, long nowMs, String encodedSlip, String branch) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Headers.JOB_ID, jobId);
        h.put(Headers.PIPELINE, pipeline.name());
        h.put(Headers.ITEM_INDEX, Integer.toString(index));
        h.put(Headers.ITEM_ID, item.id());
        h.put(Headers.CONTENT_TYPE, item.contentType());
        h.put(Headers.ATTEMPT, "1");
        h.put(Headers.DEADLINE, Long.toString(deadline));
        h.put(Headers.PRIORITY, Integer.toString(priority));
        h.put(Headers.CREATED_AT, Long.toString(nowMs));
        h.put(Headers.SLIP, encodedSlip);
        h.put(Headers.RETRY, pipeline.retry().header());
        if (branch != null) {
            h.put(Headers.BRANCH, branch);
        }
        return h;
    }

    /**
     * An item as the value a branch's first stage takes: text and JSON travel as {@link PayloadCodec} records,
     * a tensor item is already a {@code TensorCodec} record.
     */
    static byte[] asValue(PayloadKind kind, JobItem item) {
        return switch (kind) {
            case TEXT -> PayloadCodec.encode(new Payload(PayloadKind.TEXT, item.data()));
            case JSON -> PayloadCodec.encode(Payload.json(item.data()));
            default -> item.data();
        };
    }

    /** Items per task: the pipeline's setting, capped by the smallest batch queue among its models. */
    public static int itemsPerTask(PipelineDefinition pipeline, ModelRepository models) {
        int n = pipeline.itemsPerTask();
        for (Branch b : pipeline.branches()) {
            n = Math.min(n, models.find(b.model()).map(m -> m.batching().maxQueueSize()).orElse(n));
        }
        return Math.max(1, n);
    }

    /** Whether a reducer reads the branches' full probability vectors (mean and vote average them). */
    static boolean needsProbabilities(PipelineDefinition.Reducer reducer) {
        return reducer == PipelineDefinition.Reducer.MEAN || reducer == PipelineDefinition.Reducer.VOTE;
    }

    /** The routing slip of every item of a pipeline. */
    public static RoutingSlip slip(PipelineDefinition pipeline, ModelRepository models) {
        List<RoutingSlip.Fork> forks = new ArrayList<>();
        for (Branch b : pipeline.branches()) {
            ModelSpec model = models.find(b.model()).orElseThrow(() ->
                    new IllegalStateException("pipeline " + pipeline.name() + " names unknown model " + b.model()));
            PipelineDefinition.Operator post = pipeline.postprocessOf(b, model);
            Map<String, Object> postParams = new HashMap<>(post.params());
            if (!model.labels().isEmpty()) {
                postParams.putIfAbsent("labels", model.labels());
            }
            // full probability vectors travel only when the reducer needs them (or the pipeline asks)
            postParams.putIfAbsent("probabilities", needsProbabilities(pipeline.reducer()));
            List<Step> steps = List.of(inference(model, b.system(), b.prompt()),
                    new Step("postprocess", Topics.POSTPROCESS, post.op(), postParams));
            forks.add(new RoutingSlip.Fork(b.name(), new RoutingSlip(steps, List.of())));
        }
        if (pipeline.preprocess() == null) {
            return new RoutingSlip(List.of(forks.get(0).slip().current()), forks);
        }
        Step pre = new Step("preprocess", Topics.PREPROCESS, pipeline.preprocess().op(), pipeline.preprocess().params());
        return new RoutingSlip(List.of(pre), forks);
    }

    /** The inference step of a model: a text model's prompts travel as the step's params. */
    public static Step inference(ModelSpec model, String system, String prompt) {
        Map<String, Object> params = new HashMap<>();
        if (system != null) {
            params.put("system", system);
        }
        if (prompt != null) {
            params.put("prompt", prompt);
        }
        return new Step("inference", Topics.inference(model.pool()), model.name(), params);
    }
}
