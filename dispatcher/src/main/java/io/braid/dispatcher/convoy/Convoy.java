package io.braid.dispatcher.convoy;

import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several small jobs of one pipeline and priority that travel through the stages as one task: the
 * stages see one job (the convoy id) whose items are the members' items in member order. Each member
 * keeps its own fan-in state, join, deadline and result; only the transport is shared, so the
 * per-record cost of every hop is paid once per convoy instead of once per job.
 *
 * @param id      the convoy id, {@value #PREFIX}<uuid>; stages use it as the job id of its tasks
 * @param members the member jobs, in convoy order
 */
public record Convoy(String id, List<JobRequest> members) {
    /** Convoy ids start with this; job ids are UUIDs and never do. */
    public static final String PREFIX = "cv-";

    public Convoy {
        members = List.copyOf(members);
        if (members.size() < 2) {
            throw new IllegalArgumentException("a convoy has at least two members, got " + members.size());
        }
    }

    public static Convoy of(List<JobRequest> members) {
        return new Convoy(PREFIX + UUID.randomUUID(), members);
    }

    public static boolean isConvoy(String jobId) {
        return jobId != null && jobId.startsWith(PREFIX);
    }

    /** The one job the stages see: every member's items in order, the latest deadline, the earliest submit. */
    public JobRequest asJob() {
        List<JobItem> items = new ArrayList<>();
        long submitted = Long.MAX_VALUE;
        for (JobRequest m : members) {
            items.addAll(m.items());
            submitted = Math.min(submitted, m.submittedAtMs());
        }
        JobRequest first = members.get(0);
        return new JobRequest(id, first.pipeline(), items, deadlineEpochMs(), first.priority(), submitted);
    }

    /** The convoy's deadline: the latest of its members'. */
    public long deadlineEpochMs() {
        return members.stream().mapToLong(JobRequest::deadlineEpochMs).max().orElseThrow();
    }

    /** Where each member's items sit in the convoy. */
    public ConvoyMembers layout() {
        return new ConvoyMembers(members.stream()
                .map(m -> new ConvoyMembers.Member(m.jobId(), m.items().size())).toList());
    }
}
