package io.braid.gateway.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.braid.common.job.JobFields;
import io.braid.common.progress.CellMarks;
import io.braid.common.progress.Eta;
import io.braid.common.wire.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's progress as the API shows it: outcomes received of all expected, per branch, and while the job
 * runs its tree (per item, per branch: the stage it is in, since when, and how long it spent in each stage
 * it left) and its ETA ({@link Eta}). Built from the job hash, its progress tree and the pipeline's stage
 * durations; plain Java, so it is tested alone.
 */
public final class ProgressView {
    private ProgressView() {
    }

    /** Outcomes so far, overall and per branch; the ETA and tree while the job runs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(long done, long total, double percent, Map<String, BranchProgress> branches, EtaView eta,
                           List<ItemProgress> tree) {
    }

    public record BranchProgress(long done, long total) {
    }

    /** Milliseconds left and the absolute time (epoch ms) the job should finish at. */
    public record EtaView(long ms, long at) {
    }

    public record ItemProgress(String item, int index, Map<String, CellView> branches) {
    }

    /** Where one cell is: its stage, since when (epoch ms), and milliseconds spent in each stage it left. */
    public record CellView(String stage, long since, Map<String, Long> timings) {
    }

    /**
     * The progress of a job. {@code terminal}: the job finished (no tree, no ETA; every cell counts done).
     * {@code durations}: typical milliseconds per {@code <branch>|<stage>}, empty when none observed;
     * {@code itemsPerSecond}: the pipeline's observed service rate (0: unknown).
     */
    public static Progress of(Map<String, String> job, Map<String, String> tree, List<String> branchNames,
                              Map<String, Long> durations, double itemsPerSecond, boolean terminal, boolean withTree,
                              long now) {
        int items = (int) number(job.get(JobFields.ITEMS));
        int branchCount = branchNames.isEmpty() ? (int) number(job.get(JobFields.BRANCHES)) : branchNames.size();
        long total = (long) items * branchCount;
        long done = Math.min(total, number(job.get(JobFields.DONE)));
        if (terminal) {
            Map<String, BranchProgress> branches = new LinkedHashMap<>();
            branchNames.forEach(b -> branches.put(b, new BranchProgress(items, items)));
            return new Progress(done, total, percent(done, total), branches.isEmpty() ? null : branches, null, null);
        }
        long startedAt = number(job.getOrDefault(JobFields.STARTED_AT, job.get(JobFields.SUBMITTED_AT)));
        String[] ids = ids(job.get(JobFields.ITEM_IDS), items);
        Map<String, long[]> perBranch = new LinkedHashMap<>();
        branchNames.forEach(b -> perBranch.put(b, new long[1]));
        List<Eta.Cell> running = new ArrayList<>();
        List<ItemProgress> rows = withTree ? new ArrayList<>(items) : null;
        long itemsLeft = 0;
        for (int i = 0; i < items; i++) {
            int runningBefore = running.size();
            Map<String, CellView> cells = withTree ? new LinkedHashMap<>() : null;
            for (String b : branchNames) {
                CellMarks marks = CellMarks.parse(tree.get(i + ":" + b), startedAt);
                if (marks.joined()) {
                    perBranch.get(b)[0]++;
                } else {
                    running.add(new Eta.Cell(b, marks));
                }
                if (withTree) {
                    Map<String, Long> timings = new LinkedHashMap<>();
                    marks.durations().forEach((stage, ms) -> timings.put(stage.apiName(), ms));
                    cells.put(b, new CellView(marks.current().apiName(), marks.since(), timings));
                }
            }
            if (running.size() > runningBefore) {
                itemsLeft++;
            }
            if (withTree) {
                rows.add(new ItemProgress(ids[i], i, cells));
            }
        }
        Map<String, BranchProgress> branches = new LinkedHashMap<>();
        long joined = 0;
        for (Map.Entry<String, long[]> b : perBranch.entrySet()) {
            branches.put(b.getKey(), new BranchProgress(b.getValue()[0], items));
            joined += b.getValue()[0];
        }
        // the job hash and the tree are read one after the other: the later read may know more
        done = Math.min(total, Math.max(done, joined));
        long deadline = number(job.get(JobFields.DEADLINE));
        long left = Eta.remaining(running, itemsLeft, itemsPerSecond, durations, now, deadline > 0 ? deadline : Long.MAX_VALUE);
        EtaView eta = left < 0 ? null : new EtaView(left, now + left);
        return new Progress(done, total, percent(done, total), branches.isEmpty() ? null : branches, eta, rows);
    }

    private static String[] ids(String json, int items) {
        String[] ids = null;
        if (json != null) {
            try {
                ids = Json.read(json, String[].class);
            } catch (RuntimeException ignored) {
                // an unreadable list names items by index
            }
        }
        if (ids == null || ids.length != items) {
            ids = new String[items];
            for (int i = 0; i < items; i++) {
                ids[i] = Integer.toString(i);
            }
        }
        return ids;
    }

    private static double percent(long done, long total) {
        return total == 0 ? 0 : Math.round(1000.0 * done / total) / 10.0;
    }

    private static long number(String s) {
        return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
    }
}
