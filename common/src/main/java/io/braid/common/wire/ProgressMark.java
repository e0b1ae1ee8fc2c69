package io.braid.common.wire;

import java.util.List;

/**
 * A stage took a task: its items, on the branches it covers (several before a fork), entered {@code stage}
 * ({@link io.braid.common.progress.Stage#apiName}) at {@code at}. Sent to {@link Topics#PROGRESS} keyed by job
 * (or convoy) id; the dispatcher writes it into the job's progress tree. Progress is reported, never needed:
 * a lost mark makes a cell look a stage behind until its next mark or outcome.
 */
public record ProgressMark(String jobId, List<String> branches, List<Integer> items, String stage, long at) {

    public byte[] toJson() {
        return Json.write(this);
    }

    public static ProgressMark fromJson(byte[] json) {
        ProgressMark m = Json.read(json, ProgressMark.class);
        if (m == null || m.jobId() == null || m.branches() == null || m.branches().isEmpty() || m.items() == null
                || m.stage() == null) {
            throw new WireFormatException("progress mark needs jobId, branches, items and stage");
        }
        return m;
    }
}
