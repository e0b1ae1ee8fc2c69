package io.braid.common.progress;

import java.util.Locale;
import java.util.Optional;

/**
 * Where one cell of a job (one input item on one branch) is, in the order a cell passes through them:
 * waiting for pre-processing, pre-processing, in an inference pool's batch queue, in a running batch,
 * post-processing, and its outcome recorded by the fan-in.
 */
public enum Stage {
    QUEUED, PREPROCESS, BATCH, INFERENCE, POSTPROCESS, JOINED;

    /** The name in the API, the progress tree in Redis and progress marks. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage of an API name; empty for a name no stage has. */
    public static Optional<Stage> parse(String name) {
        for (Stage s : values()) {
            if (s.apiName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The stage a task enters when a service of kind {@code service} (preprocess, inference, postprocess) takes it. */
    public static Stage enteredAt(String service) {
        return switch (service) {
            case "preprocess" -> PREPROCESS;
            case "inference" -> BATCH;
            case "postprocess" -> POSTPROCESS;
            default -> throw new IllegalArgumentException("no progress stage for service '" + service + "'");
        };
    }
}
