package io.braid.inference.engine;

import io.braid.inference.remote.RemoteModel;
import io.braid.inference.remote.RemoteModels;
import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.Tensor;
import io.braid.inference.config.InferenceConfig;
import io.braid.stage.SkipList;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads, warms up and serves the models of this process's pool. Construction fails (and the
 * service does not start) when the repository is invalid or a model cannot load.
 */
@Startup
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, ServedModel> served = new LinkedHashMap<>();
    private final Map<String, RemoteModel> remote = new LinkedHashMap<>();
    private final List<DjlModel> loaded = new ArrayList<>();
    private volatile boolean ready;

    @Inject
    public ModelRegistry(InferenceConfig config, Clock clock, MeterRegistry metrics, SkipList skips, OpenTelemetry otel) {
        // from the OpenTelemetry bean, not the Tracer producer, which reads GlobalOpenTelemetry (see StageSpans)
        Tracer tracer = otel.getTracer("io.braid.inference");
        String pool = config.inference().pool();
        ModelRepository repo = ModelRepository.load(Path.of(config.modelsDir()));
        List<ModelSpec> all = repo.inPool(pool);
        if (all.isEmpty()) {
            throw new IllegalStateException("no model in " + config.modelsDir() + " names pool '" + pool + "'");
        }
        for (ModelSpec spec : all.stream().filter(ModelSpec::remote).toList()) {
            remote.put(spec.name(), RemoteModels.create(spec, System::getenv, Path.of(config.inference().secretsDir()),
                    metrics));
            LOG.infof("pool %s: http model %s calls %s (%s, at most %d in flight)", pool, spec.name(),
                    remote.get(spec.name()).client().settings().url(), spec.http().protocol().apiName(),
                    spec.http().maxConcurrency());
        }
        List<ModelSpec> specs = all.stream().filter(s -> !s.remote()).toList();
        if (specs.isEmpty()) {
            ready = true;
            return;
        }
        int threads = config.inference().intraOpThreads()
                .orElse(specs.stream().mapToInt(ModelSpec::threads).max().orElse(1));
        Placement.checkParallelism(specs, threads, Runtime.getRuntime().availableProcessors(),
                config.inference().maxThreadsPerCore());
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int gpus = Placement.gpuCount();
        for (ModelSpec spec : specs) {
            long start = System.nanoTime();
            ai.djl.Device device = Placement.device(spec, gpus, config.inference().gpuFallback());
            DjlModel model = DjlModel.load(spec, device);
            loaded.add(model);
            List<Function<List<Tensor>, List<Tensor>>> instances = new ArrayList<>();
            for (int i = 0; i < spec.instances(); i++) {
                Function<List<Tensor>, List<Tensor>> instance = model.newInstance();
                warmUp(spec, instance);
                instances.add(instance);
            }
            ServedModel s = new ServedModel(spec, instances, clock, metrics, skips, tracer, device.toString());
            s.start();
            served.put(spec.name(), s);
            LOG.infof("pool %s: model %s loaded and warmed up in %d ms (%d instance(s), batch <= %d, delay %d ms)",
                    pool, spec.name(), (System.nanoTime() - start) / 1_000_000, spec.instances(),
                    spec.batching().maxBatchSize(), spec.batching().maxBatchDelayMs());
        }
        ready = true;
    }

    /**
     * Runs the instance once at each batch size it will see. A model that fails on its own declared input is
     * misconfigured: it is still served (its items then end {@code INFERENCE_FAILED}, which the pipeline's join policy
     * may tolerate), and the failure is logged once here, loudly, instead of keeping the whole pool down.
     */
    private static void warmUp(ModelSpec spec, Function<List<Tensor>, List<Tensor>> instance) {
        for (int size : warmUpSizes(spec)) {
            try {
                ServedModel.warmUp(spec, instance, size);
            } catch (RuntimeException e) {
                String first = String.valueOf(e.getMessage()).lines().filter(l -> l.contains("Error")).reduce((a, b) -> b)
                        .orElse(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                LOG.errorf("model %s FAILED its warm-up on its declared input %s (batch of %d): %s; it is served, and "
                        + "its items will fail with INFERENCE_FAILED until it is fixed", spec.name(),
                        java.util.Arrays.toString(spec.input().shape()), size, first.strip());
                return;
            }
        }
    }

    private static TreeSet<Integer> warmUpSizes(ModelSpec spec) {
        TreeSet<Integer> sizes = new TreeSet<>(spec.batching().preferredBatchSizes());
        sizes.add(1);
        sizes.add(spec.batching().maxBatchSize());
        return sizes;
    }

    /** An http model of this pool. */
    public Optional<RemoteModel> findRemote(String model) {
        return Optional.ofNullable(remote.get(model));
    }

    public Optional<ServedModel> find(String model) {
        return Optional.ofNullable(served.get(model));
    }

    public boolean ready() {
        return ready;
    }

    /** The models served, by name. */
    public java.util.Collection<ServedModel> served() {
        return java.util.Collections.unmodifiableCollection(served.values());
    }

    public java.util.Set<String> models() {
        java.util.Set<String> all = new java.util.TreeSet<>(served.keySet());
        all.addAll(remote.keySet());
        return all;
    }

    @PreDestroy
    void stop() {
        ready = false;
        served.values().forEach(ServedModel::close);
        loaded.forEach(DjlModel::close);
    }
}
