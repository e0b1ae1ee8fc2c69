package io.braid.dispatcher.convoy;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a convoy: its member jobs in order and how many items each has, so a convoy item
 * index maps back to (member job, item of that job). Stored in Redis as {@code <jobId>:<items>,...}.
 */
public final class ConvoyMembers {
    /** One member job and its item count. */
    public record Member(String jobId, int items) {
    }

    /** A convoy item resolved to its job and the item's index in that job. */
    public record Position(String jobId, int item) {
    }

    private final List<Member> members;
    private final int[] offsets;

    public ConvoyMembers(List<Member> members) {
        this.members = List.copyOf(members);
        this.offsets = new int[members.size() + 1];
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).items() < 1) {
                throw new IllegalArgumentException("member " + members.get(i).jobId() + " has no items");
            }
            offsets[i + 1] = offsets[i] + members.get(i).items();
        }
    }

    public List<Member> members() {
        return members;
    }

    /** Index of the member's first item in the convoy. */
    public int offset(int member) {
        return offsets[member];
    }

    /** The index of a member job; IllegalArgumentException when the job is not in the convoy. */
    public int indexOf(String jobId) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).jobId().equals(jobId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("job " + jobId + " is not in this convoy");
    }

    /** Items of the whole convoy. */
    public int size() {
        return offsets[members.size()];
    }

    /** The job and item a convoy item belongs to. */
    public Position at(int convoyItem) {
        if (convoyItem < 0 || convoyItem >= size()) {
            throw new IllegalArgumentException("convoy item " + convoyItem + " outside 0.." + (size() - 1));
        }
        int lo = 0;
        int hi = members.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= convoyItem) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new Position(members.get(lo).jobId(), convoyItem - offsets[lo]);
    }

    public String encode() {
        StringBuilder b = new StringBuilder();
        for (Member m : members) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(m.jobId()).append(':').append(m.items());
        }
        return b.toString();
    }

    /** Parses {@link #encode()}; throws IllegalArgumentException on anything else. */
    public static ConvoyMembers decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw new IllegalArgumentException("empty convoy layout");
        }
        List<Member> out = new ArrayList<>();
        for (String part : encoded.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad convoy member '" + part + "'");
            }
            out.add(new Member(part.substring(0, colon), Integer.parseInt(part.substring(colon + 1))));
        }
        return new ConvoyMembers(out);
    }
}
