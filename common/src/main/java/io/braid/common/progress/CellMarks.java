package io.braid.common.progress;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The stages one cell entered, with when, as the progress tree keeps them ({@code stage@epochMs,...}).
 * Marks can arrive out of order (they come from different services), so the stages are kept in pipeline
 * order and a stage seen twice (a retry) keeps its first time. Before its first mark a cell is
 * {@link Stage#QUEUED} since its job started.
 */
public final class CellMarks {
    private final EnumMap<Stage, Long> entered = new EnumMap<>(Stage.class);

    private CellMarks() {
    }

    /** Parses a tree value; unknown stages and malformed parts are ignored. {@code startedAt} is when it was queued. */
    public static CellMarks parse(String value, long startedAt) {
        CellMarks m = new CellMarks();
        m.entered.put(Stage.QUEUED, startedAt);
        if (value == null || value.isEmpty()) {
            return m;
        }
        for (String part : value.split(",")) {
            int at = part.indexOf('@');
            if (at <= 0) {
                continue;
            }
            Stage.parse(part.substring(0, at)).ifPresent(stage -> {
                try {
                    m.entered.putIfAbsent(stage, Long.parseLong(part.substring(at + 1)));
                } catch (NumberFormatException ignored) {
                    // a malformed time tells nothing about the stage
                }
            });
        }
        return m;
    }

    /** The latest stage the cell entered. */
    public Stage current() {
        Stage last = Stage.QUEUED;
        for (Stage s : entered.keySet()) {
            last = s;
        }
        return last;
    }

    /** When the cell entered its current stage. */
    public long since() {
        return entered.get(current());
    }

    public boolean joined() {
        return entered.containsKey(Stage.JOINED);
    }

    /**
     * Milliseconds spent in each stage the cell has left: from entering it to entering the next stage it
     * was seen in (a stage not seen, e.g. skipped by a branch without post-processing, has no duration).
     */
    public Map<Stage, Long> durations() {
        Map<Stage, Long> out = new EnumMap<>(Stage.class);
        List<Map.Entry<Stage, Long>> list = new ArrayList<>(entered.entrySet());
        for (int i = 0; i + 1 < list.size(); i++) {
            out.put(list.get(i).getKey(), Math.max(0, list.get(i + 1).getValue() - list.get(i).getValue()));
        }
        return out;
    }

    /** The stages entered, in pipeline order, with their times. */
    public Map<Stage, Long> entered() {
        return new EnumMap<>(entered);
    }
}
