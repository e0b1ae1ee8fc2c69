package io.braid.dispatcher.plan;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text pipelines with a synthesis and a plan, on an http chat model in pool io-remote, loaded as at start-up. */
public final class AgentPipelines {
    public final ModelRepository models;
    private final Path root;

    public AgentPipelines(Path root) {
        this.root = root;
        try {
            Path dir = Files.createDirectories(root.resolve("models/chat"));
            Files.writeString(dir.resolve("model.yaml"), """
                    name: chat
                    backend: http
                    pool: io-remote
                    http: {protocol: openai-chat, url: "http://localhost:1", model: gpt-x}
                    """);
            models = ModelRepository.load(root.resolve("models"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Branches a and b, a per-item synthesis with a 1.5 s reserve. */
    public PipelineDefinition synthesis() {
        return load("synth", """
                input: text
                branches:
                  - {name: a, model: chat, system: "You are A", prompt: "A: {{text}}"}
                  - {name: b, model: chat}
                synthesis: {model: chat, system: "Merge", prompt: "Q: {{input}} A said {{branches.a.text}}; all: {{branches}}", reserveMs: 1500}
                """);
    }

    /** A plan of at most 3 subtasks, branches a and b, a job-level synthesis. */
    public PipelineDefinition plan() {
        return load("triage", """
                input: text
                plan: {model: chat, system: "PLAN-JSON", prompt: "Split: {{input}}", maxSubtasks: 3}
                branches:
                  - {name: a, model: chat}
                  - {name: b, model: chat}
                synthesis: {model: chat, prompt: "For {{input}}: {{subtasks}}", reserveMs: 1000}
                """);
    }

    private PipelineDefinition load(String name, String body) {
        try {
            Path dir = Files.createDirectories(root.resolve("pipelines"));
            Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\n" + body);
            return PipelineCatalog.parse(dir.resolve(name + ".yaml"), models);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
