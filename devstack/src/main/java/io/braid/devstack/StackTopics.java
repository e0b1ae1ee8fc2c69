package io.braid.devstack;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.wire.RecordLimits;
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

    /** The environment variable of {@code braid.max-record-bytes}, read by the stack and every service. */
    public static final String MAX_RECORD_BYTES_ENV = "BRAID_MAX_RECORD_BYTES";

    private StackTopics() {
    }

    /**
     * {@code braid.max-record-bytes} of a stack: the services' {@code BRAID_MAX_RECORD_BYTES} if the stack
     * sets one, else the launching process's environment, else the default. The topics'
     * {@code max.message.bytes} and every service's setting come from this one value.
     *
     * @throws IllegalArgumentException naming the variable when the value is not a usable number of bytes
     */
    public static int maxRecordBytes(Map<String, String> serviceEnv, Map<String, String> processEnv) {
        String value = serviceEnv.getOrDefault(MAX_RECORD_BYTES_ENV, processEnv.get(MAX_RECORD_BYTES_ENV));
        if (value == null || value.isBlank()) {
            return RecordLimits.DEFAULT_MAX_RECORD_BYTES;
        }
        try {
            return RecordLimits.check(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_RECORD_BYTES_ENV + " is not a number of bytes: " + value);
        }
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
                Topics.RESULTS, Topics.DEAD_LETTER, Topics.CONTROL, Topics.PROGRESS));
        pools.forEach(pool -> topics.add(Topics.inference(pool)));
        return List.copyOf(topics);
    }
}
