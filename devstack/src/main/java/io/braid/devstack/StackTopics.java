package io.braid.devstack;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.wire.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The topics and inference pools of a stack, derived from its model repository. */
public final class StackTopics {
    /** Partitions of every topic the stack creates. */
    public static final int PARTITIONS = 4;
    /** Size bound of every local topic, per partition ({@code retention.bytes}): 128 MiB. */
    public static final long RETENTION_BYTES = 128L << 20;
    /** Time bound of the stage topics ({@code retention.ms}): one hour; jobs and dead letters keep a day. */
    public static final long RETENTION_MS = 3_600_000L;

    private StackTopics() {
    }

    /**
     * The inference pools named by the models of {@code modelsDir} ({@code models/<name>/model.yaml},
     * field {@code pool}), sorted by name; empty when the folder does not exist.
     *
     * @throws io.braid.common.pipeline.DefinitionException when a model definition is invalid
     */
    public static List<String> pools(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        return ModelRepository.load(modelsDir).pools().keySet().stream().sorted().toList();
    }

    /**
     * The configuration a local topic is created with: bounded in time and in size, so a stack left
     * running under load never fills the disk ({@code retention.bytes} is per partition).
     */
    public static Map<String, String> config(String topic) {
        boolean longer = topic.equals(Topics.JOBS) || topic.equals(Topics.DEAD_LETTER);
        return Map.of("retention.ms", Long.toString(longer ? 24 * RETENTION_MS : RETENTION_MS),
                "retention.bytes", Long.toString(RETENTION_BYTES));
    }

    /** Every topic the services use: the stage topics plus one inference topic per pool. */
    public static List<String> forPools(List<String> pools) {
        List<String> topics = new ArrayList<>(List.of(Topics.JOBS, Topics.PREPROCESS, Topics.POSTPROCESS,
                Topics.RESULTS, Topics.DEAD_LETTER, Topics.CONTROL));
        pools.forEach(pool -> topics.add(Topics.inference(pool)));
        return List.copyOf(topics);
    }
}
