package io.braid.common.progress;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long cells of one pipeline stay in each stage, per branch: an exponentially weighted moving
 * average of observed durations (weight {@code alpha} for the newest), so it follows the current load:
 * a stage's time includes the queueing before the next stage takes the work. Thread-safe.
 */
public final class StageDurations {
    private final double alpha;
    private final Map<String, Double> ewma = new ConcurrentHashMap<>();

    public StageDurations(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    /** Key of a branch's stage: {@code <branch>|<stage>}. */
    public static String key(String branch, Stage stage) {
        return branch + "|" + stage.apiName();
    }

    public void observe(String branch, Stage stage, long millis) {
        ewma.merge(key(branch, stage), (double) Math.max(0, millis), (old, now) -> old + alpha * (now - old));
    }

    /** The averages in milliseconds, by {@link #key}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new HashMap<>();
        ewma.forEach((k, v) -> out.put(k, Math.round(v)));
        return out;
    }
}
