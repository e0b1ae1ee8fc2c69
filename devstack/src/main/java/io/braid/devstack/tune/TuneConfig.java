package io.braid.devstack.tune;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parallelism knobs of every model of the repository and of one pipeline, and the rules that say
 * whether a configuration can run on this machine (checked before anything runs).
 *
 * @param models         every model by name (a pool's rule counts all models that name it)
 * @param pipeline       the pipeline's name
 * @param pipelineModels the models its branches use
 * @param itemsPerTask   the pipeline's {@code itemsPerTask}
 */
public record TuneConfig(Map<String, Model> models, String pipeline, List<String> pipelineModels, int itemsPerTask) {

    /** One model's knobs. */
    public record Model(String name, String pool, int instances, int threads, int maxBatchSize, int maxBatchDelayMs,
                        int maxQueueSize, int largestPreferredBatch) {
        Model with(String knob, int value) {
            return switch (knob) {
                case "instances" -> new Model(name, pool, value, threads, maxBatchSize, maxBatchDelayMs, maxQueueSize, largestPreferredBatch);
                case "threads" -> new Model(name, pool, instances, value, maxBatchSize, maxBatchDelayMs, maxQueueSize, largestPreferredBatch);
                case "maxBatchSize" -> new Model(name, pool, instances, threads, value, maxBatchDelayMs, maxQueueSize, largestPreferredBatch);
                case "maxBatchDelayMs" -> new Model(name, pool, instances, threads, maxBatchSize, value, maxQueueSize, largestPreferredBatch);
                default -> throw new IllegalArgumentException("unknown model knob " + knob);
            };
        }
    }

    public TuneConfig {
        models = Map.copyOf(models);
        pipelineModels = List.copyOf(pipelineModels);
    }

    /** Reads {@code <modelsDir>/*}{@code /model.yaml} and {@code <pipelinesDir>/<pipeline>.yaml}. */
    public static TuneConfig load(Path modelsDir, Path pipelinesDir, String pipeline) {
        ModelRepository repo = ModelRepository.loadMetadata(modelsDir);
        PipelineDefinition def = PipelineCatalog.parse(pipelinesDir.resolve(pipeline + ".yaml"), repo);
        Map<String, Model> models = new LinkedHashMap<>();
        for (ModelSpec m : repo.all()) {
            if (m.remote()) {
                continue; // http models have no batching or threads to tune: their cap is the remote's
            }
            ModelSpec.Batching b = m.batching();
            int preferred = b.preferredBatchSizes().stream().mapToInt(Integer::intValue).max().orElse(0);
            models.put(m.name(), new Model(m.name(), m.pool(), m.instances(), m.threads(), b.maxBatchSize(),
                    (int) b.maxBatchDelayMs(), b.maxQueueSize(), preferred));
        }
        List<String> used = def.branches().stream().map(PipelineDefinition.Branch::model).distinct()
                .filter(models::containsKey).toList();
        return new TuneConfig(models, pipeline, used, def.itemsPerTask());
    }

    /**
     * This configuration changed by {@code settings}.
     *
     * @throws IllegalArgumentException when a setting names a model the repository does not have
     */
    public TuneConfig apply(List<Setting> settings) {
        Map<String, Model> changed = new LinkedHashMap<>(models);
        int items = itemsPerTask;
        for (Setting s : settings) {
            if (s.pipelineKnob()) {
                items = s.value();
            } else {
                Model m = changed.get(s.model());
                if (m == null) {
                    throw new IllegalArgumentException("setting '" + s + "': no model '" + s.model() + "' in the "
                            + "model repository (models: " + new TreeMap<>(models).keySet() + ")");
                }
                changed.put(s.model(), m.with(s.knob(), s.value()));
            }
        }
        return new TuneConfig(changed, pipeline, pipelineModels, items);
    }

    /** The pools the pipeline's models run in, in name order. */
    public List<String> pipelinePools() {
        return pipelineModels.stream().map(m -> models.get(m).pool()).distinct().sorted().toList();
    }

    /** The pool's intra-op threads: the largest {@code threads} of its models, as inference-svc sets them. */
    public int intraOpThreads(String pool) {
        return models.values().stream().filter(m -> m.pool().equals(pool)).mapToInt(Model::threads).max().orElse(1);
    }

    /** Busy threads of a pool: instances × the pool's intra-op threads, over every model in it. */
    public int busyThreads(String pool) {
        int threads = intraOpThreads(pool);
        return models.values().stream().filter(m -> m.pool().equals(pool)).mapToInt(m -> m.instances() * threads).sum();
    }

    /**
     * Why this configuration cannot run on {@code cores} cores, one message per broken rule naming the setting;
     * empty when it can. The rules: a pool's instances × intra-op threads at most {@code cores × maxPerCore}
     * (inference-svc's {@code braid.inference.max-threads-per-core} refuses to start otherwise); a batch no
     * larger than its queue ({@code maxQueueSize}) nor smaller than a preferred size; {@code itemsPerTask} no
     * larger than the smallest {@code maxQueueSize} of the pipeline's models (a task enters a queue all at once).
     */
    public List<String> refusals(int cores, int maxPerCore) {
        List<String> out = new ArrayList<>();
        for (String pool : models.values().stream().map(Model::pool).distinct().sorted().toList()) {
            int busy = busyThreads(pool);
            if (busy > cores * maxPerCore) {
                StringBuilder detail = new StringBuilder();
                models.values().stream().filter(m -> m.pool().equals(pool)).sorted(java.util.Comparator.comparing(Model::name))
                        .forEach(m -> detail.append(' ').append(m.name()).append(".instances=").append(m.instances()));
                out.add("pool " + pool + ": instances x intra-op threads = " + busy + " (" + detail.toString().trim()
                        + ", threads=" + intraOpThreads(pool) + ") exceeds " + cores + " cores x "
                        + maxPerCore + " (braid.inference.max-threads-per-core)");
            }
        }
        for (Model m : models.values().stream().sorted(java.util.Comparator.comparing(Model::name)).toList()) {
            if (m.maxBatchSize() > m.maxQueueSize()) {
                out.add(m.name() + ".maxBatchSize=" + m.maxBatchSize() + " is larger than its maxQueueSize "
                        + m.maxQueueSize() + ": a full batch could never form");
            }
            if (m.largestPreferredBatch() > m.maxBatchSize()) {
                out.add(m.name() + ".maxBatchSize=" + m.maxBatchSize() + " is smaller than its preferredBatchSizes ("
                        + m.largestPreferredBatch() + ")");
            }
        }
        int smallestQueue = pipelineModels.stream().mapToInt(n -> models.get(n).maxQueueSize()).min().orElse(Integer.MAX_VALUE);
        if (itemsPerTask > smallestQueue) {
            out.add("itemsPerTask=" + itemsPerTask + " is larger than the smallest maxQueueSize (" + smallestQueue
                    + ") of pipeline " + pipeline + "'s models: such a task could never enter a queue");
        }
        return out;
    }
}
