package io.braid.gateway.service;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.mapping.PipelineView;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The pipelines this gateway accepts jobs for, validated at start-up. */
@Startup
@ApplicationScoped
public class PipelineRegistry {
    private final ModelRepository models;
    private final PipelineCatalog pipelines;

    @Inject
    public PipelineRegistry(GatewayConfig config) {
        this.models = ModelRepository.loadMetadata(Path.of(config.modelsDir()));
        this.pipelines = PipelineCatalog.load(Path.of(config.pipelinesDir()), models);
    }

    public Optional<PipelineDefinition> find(String name) {
        return pipelines.find(name);
    }

    /** The pools of the model repository, each with the names of its models. */
    public java.util.Map<String, List<String>> pools() {
        return models.pools();
    }

    /** A pipeline, else a model served alone under its own name ({@link PipelineCatalog#findOrModel}). */
    public Optional<PipelineDefinition> findOrModel(String name) {
        return pipelines.findOrModel(name);
    }

    /** The model of the repository named {@code name}. */
    public Optional<io.braid.common.pipeline.ModelSpec> model(String name) {
        return models.find(name);
    }

    /** The class labels of a pipeline's output: those of its first branch's model (as the dispatcher's reducers use). */
    public List<String> labels(PipelineDefinition p) {
        return models.find(p.branches().get(0).model()).map(m -> m.labels()).orElse(List.of());
    }

    public List<PipelineView> views() {
        return pipelines.all().stream().map(this::view).toList();
    }

    private PipelineView view(PipelineDefinition p) {
        List<PipelineView.BranchView> branches = p.branches().stream()
                .map(b -> new PipelineView.BranchView(b.name(), b.model(),
                        models.find(b.model()).map(m -> m.pool()).orElse(null),
                        models.find(b.model()).map(m -> p.postprocessOf(b, m).op()).orElse(null)))
                .toList();
        PipelineDefinition.JoinSpec j = p.join();
        return new PipelineView(p.name(), p.description(), p.input(), p.preprocess() == null ? null : p.preprocess().op(),
                branches, p.postprocess() == null ? null : p.postprocess().op(), new PipelineView.JoinView(lower(j.policy()),
                j.quorum(), j.maxFailures(), j.deadlineMs(), lower(j.onTimeout())), lower(p.reducer()),
                p.plan() == null ? null : p.plan().model(), p.synthesis() == null ? null : p.synthesis().model());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
