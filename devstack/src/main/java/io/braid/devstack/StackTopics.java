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

    /** The environment variable of {@code braid.max-record-bytes}, read by the stack and every service. */
    public static final String MAX_RECORD_BYTES_ENV = "BRAID_MAX_RECORD_BYTES";

    private StackTopics() {
    }

    /** The configuration of every topic: {@code max.message.bytes} from {@code braid.max-record-bytes}. */
    public static Map<String, String> configs(int maxRecordBytes) {
        return Map.of("max.message.bytes", Integer.toString(maxRecordBytes));
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

    /** Every topic the services use: the stage topics plus one inference topic per pool. */
    public static List<String> forPools(List<String> pools) {
        List<String> topics = new ArrayList<>(List.of(Topics.JOBS, Topics.PREPROCESS, Topics.POSTPROCESS,
                Topics.RESULTS, Topics.DEAD_LETTER, Topics.CONTROL));
        pools.forEach(pool -> topics.add(Topics.inference(pool)));
        return List.copyOf(topics);
    }
}
