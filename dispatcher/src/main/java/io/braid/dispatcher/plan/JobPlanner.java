package io.braid.dispatcher.plan;

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
        String encodedSlip = new String(SlipCodec.encode(slip), StandardCharsets.UTF_8);
        List<byte[]> data = job.items().stream().map(JobItem::data).toList();
        List<Hop> hops = new ArrayList<>();
        for (List<Integer> group : Parts.groups(data, itemsPerTask(pipeline, models), maxRecordBytes)) {
            JobItem item = job.items().get(group.get(0));
            Map<String, String> h = new LinkedHashMap<>();
            h.put(Headers.JOB_ID, job.jobId());
            h.put(Headers.PIPELINE, pipeline.name());
            h.put(Headers.ITEM_INDEX, Integer.toString(group.get(0)));
            if (group.size() > 1) {
                h.put(Headers.ITEMS, TaskHeaders.itemsHeader(group));
            } else {
                h.put(Headers.ITEM_ID, item.id());
                h.put(Headers.CONTENT_TYPE, item.contentType());
            }
            h.put(Headers.ATTEMPT, "1");
            h.put(Headers.DEADLINE, Long.toString(job.deadlineEpochMs()));
            h.put(Headers.PRIORITY, Integer.toString(job.priority()));
            h.put(Headers.CREATED_AT, Long.toString(nowMs));
            h.put(Headers.SLIP, encodedSlip);
            h.put(Headers.RETRY, pipeline.retry().header());
            hops.add(new Hop(Topics.PREPROCESS, job.jobId(), h, Parts.value(group.stream().map(data::get).toList())));
        }
        return hops;
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
        Step pre = new Step("preprocess", Topics.PREPROCESS, pipeline.preprocess().op(), pipeline.preprocess().params());
        List<RoutingSlip.Fork> forks = new ArrayList<>();
        for (Branch b : pipeline.branches()) {
            ModelSpec model = models.find(b.model()).orElseThrow(() ->
                    new IllegalStateException("pipeline " + pipeline.name() + " names unknown model " + b.model()));
            PipelineDefinition.Operator post = b.postprocess() != null ? b.postprocess() : pipeline.postprocess();
            Map<String, Object> postParams = new HashMap<>(post.params());
            if (!model.labels().isEmpty()) {
                postParams.putIfAbsent("labels", model.labels());
            }
            // full probability vectors travel only when the reducer needs them (or the pipeline asks)
            postParams.putIfAbsent("probabilities", needsProbabilities(pipeline.reducer()));
            List<Step> steps = List.of(
                    new Step("inference", Topics.inference(model.pool()), model.name(), Map.of()),
                    new Step("postprocess", Topics.POSTPROCESS, post.op(), postParams));
            forks.add(new RoutingSlip.Fork(b.name(), new RoutingSlip(steps, List.of())));
        }
        return new RoutingSlip(List.of(pre), forks);
    }
}
