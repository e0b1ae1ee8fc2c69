package io.braid.dispatcher.plan;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.dispatcher.config.DispatcherConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The pipelines and models the dispatcher plans with, validated at start-up. */
@Startup
@ApplicationScoped
public class Catalog {
    private final ModelRepository models;
    private final PipelineCatalog pipelines;

    @Inject
    public Catalog(DispatcherConfig config) {
        this.models = ModelRepository.loadMetadata(Path.of(config.modelsDir()));
        this.pipelines = PipelineCatalog.load(Path.of(config.pipelinesDir()), models);
    }

    /** A pipeline, or a model served alone under its own name (the gateway's {@code /v2} infer on a model). */
    public Optional<PipelineDefinition> pipeline(String name) {
        return pipelines.findOrModel(name);
    }

    public ModelRepository models() {
        return models;
    }

    /** Labels the reducer uses for a pipeline: those of its first branch's model. */
    public List<String> labels(PipelineDefinition p) {
        return models.find(p.branches().get(0).model()).map(m -> m.labels()).orElse(List.of());
    }

    /** Entries of a reduced top-k list: the pipeline's postprocess {@code topK}, default 3. */
    public int topK(PipelineDefinition p) {
        Object k = p.postprocess() == null ? null : p.postprocess().params().get("topK");
        return k instanceof Number n ? n.intValue() : 3;
    }
}
