package io.braid.common.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata of a task as it travels in Kafka headers. Parsing is strict: a task without a job,
 * item, deadline or slip is a poison record.
 *
 * @param jobId     job id
 * @param pipeline  pipeline name
 * @param item      index of the input item
 * @param itemId    client id of the item
 * @param branch    branch name, null before the fork
 * @param attempt   delivery attempt at the current stage
 * @param deadline  absolute deadline, epoch ms
 * @param priority  job priority
 * @param createdAt epoch ms when the dispatcher created the task
 * @param slip      remaining route
 * @param timings   raw {@link Headers#TIMINGS} value, may be null
 * @param traceparent W3C trace context, may be null
 * @param retry     the pipeline's retry policy as sent in {@link Headers#RETRY}, may be null
 * @param items     every item index this task carries, ascending; {@code [item]} for a one-item task
 */
public record TaskHeaders(String jobId, String pipeline, int item, String itemId, String branch, int attempt,
                          long deadline, int priority, long createdAt, RoutingSlip slip, String timings,
                          String traceparent, String retry, List<Integer> items) {

    /** Parses header values (UTF-8 strings by name); missing or malformed fields throw {@link WireFormatException}. */
    public static TaskHeaders parse(Map<String, String> h) {
        int item = integer(h, Headers.ITEM_INDEX, null);
        return new TaskHeaders(required(h, Headers.JOB_ID), h.getOrDefault(Headers.PIPELINE, ""),
                item, h.getOrDefault(Headers.ITEM_ID, ""), h.get(Headers.BRANCH),
                integer(h, Headers.ATTEMPT, 1), longValue(h, Headers.DEADLINE, null), integer(h, Headers.PRIORITY, 0),
                longValue(h, Headers.CREATED_AT, 0L), slip(h), h.get(Headers.TIMINGS), h.get(Headers.TRACEPARENT),
                h.get(Headers.RETRY), items(h.get(Headers.ITEMS), item));
    }

    private static List<Integer> items(String header, int first) {
        if (header == null) {
            return List.of(first);
        }
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : header.split(",")) {
                out.add(Integer.parseInt(part.trim()));
            }
        } catch (NumberFormatException e) {
            throw new WireFormatException("header " + Headers.ITEMS + " is not a list of item indices: " + header);
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) < 0 || (i > 0 && out.get(i) <= out.get(i - 1))) {
                throw new WireFormatException("header " + Headers.ITEMS + " must list ascending indices: " + header);
            }
        }
        if (out.get(0) != first) {
            throw new WireFormatException("header " + Headers.ITEMS + " starts at " + out.get(0) + ", "
                    + Headers.ITEM_INDEX + " says " + first);
        }
        return List.copyOf(out);
    }

    /** How many items this task carries. */
    public int count() {
        return items.size();
    }

    /** The same task narrowed to some of its items (a stage dropped or finished the others). */
    public TaskHeaders withItems(List<Integer> keep) {
        if (keep.isEmpty()) {
            throw new IllegalArgumentException("a task carries at least one item");
        }
        return new TaskHeaders(jobId, pipeline, keep.get(0), keep.size() == 1 ? itemId : "", branch, attempt,
                deadline, priority, createdAt, slip, timings, traceparent, retry, List.copyOf(keep));
    }

    private static RoutingSlip slip(Map<String, String> h) {
        String s = h.get(Headers.SLIP);
        return SlipCodec.decode(s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String required(Map<String, String> h, String name) {
        String v = h.get(name);
        if (v == null || v.isEmpty()) {
            throw new WireFormatException("record has no " + name + " header");
        }
        return v;
    }

    private static int integer(Map<String, String> h, String name, Integer dflt) {
        String v = h.get(name);
        if (v == null && dflt != null) {
            return dflt;
        }
        try {
            return Integer.parseInt(required(h, name));
        } catch (NumberFormatException e) {
            throw new WireFormatException("header " + name + " is not an integer: " + v);
        }
    }

    private static long longValue(Map<String, String> h, String name, Long dflt) {
        String v = h.get(name);
        if (v == null && dflt != null) {
            return dflt;
        }
        try {
            return Long.parseLong(required(h, name));
        } catch (NumberFormatException e) {
            throw new WireFormatException("header " + name + " is not a number: " + v);
        }
    }

    /** Attempts allowed per stage (the {@link Headers#RETRY} policy; 3 when absent or malformed). */
    public int maxAttempts() {
        return retryPart(0, 3);
    }

    /** Backoff before the first retry, ms (50 when absent or malformed). */
    public long backoffMs() {
        return retryPart(1, 50);
    }

    private int retryPart(int index, int dflt) {
        if (retry == null) {
            return dflt;
        }
        String[] parts = retry.split("/");
        try {
            return parts.length == 2 ? Integer.parseInt(parts[index]) : dflt;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** The same task at its next attempt. */
    public TaskHeaders nextAttempt() {
        return new TaskHeaders(jobId, pipeline, item, itemId, branch, attempt + 1, deadline, priority, createdAt, slip,
                timings, traceparent, retry, items);
    }

    /**
     * The task id: {@code job/item/branch}, or {@code job/item} before the fork; a task of several
     * items lists them ({@code job/0,1,2/branch}).
     */
    public String taskId() {
        String it = items.size() == 1 ? Integer.toString(item) : itemList();
        return branch == null ? jobId + "/" + it : jobId + "/" + it + "/" + branch;
    }

    private String itemList() {
        return itemsHeader(items);
    }

    /** The {@link Headers#ITEMS} value for these item indices. */
    public static String itemsHeader(List<Integer> items) {
        StringBuilder b = new StringBuilder();
        for (int i : items) {
            b.append(b.length() == 0 ? "" : ",").append(i);
        }
        return b.toString();
    }

    public boolean expired(long nowMs) {
        return nowMs >= deadline;
    }

    /** Headers for the next hop: same task, new slip, given branch, attempt reset, timings extended. */
    public Map<String, String> next(RoutingSlip nextSlip, String nextBranch, String stage, long stageMillis) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Headers.JOB_ID, jobId);
        h.put(Headers.PIPELINE, pipeline);
        h.put(Headers.ITEM_INDEX, Integer.toString(item));
        if (items.size() > 1) {
            h.put(Headers.ITEMS, itemList());
        } else {
            h.put(Headers.ITEM_ID, itemId);
        }
        if (nextBranch != null) {
            h.put(Headers.BRANCH, nextBranch);
        }
        h.put(Headers.ATTEMPT, "1");
        h.put(Headers.DEADLINE, Long.toString(deadline));
        h.put(Headers.PRIORITY, Integer.toString(priority));
        h.put(Headers.CREATED_AT, Long.toString(createdAt));
        h.put(Headers.SLIP, new String(SlipCodec.encode(nextSlip), java.nio.charset.StandardCharsets.UTF_8));
        h.put(Headers.TIMINGS, Timings.append(timings, stage, stageMillis));
        if (traceparent != null) {
            h.put(Headers.TRACEPARENT, traceparent);
        }
        if (retry != null) {
            h.put(Headers.RETRY, retry);
        }
        return h;
    }

    /** The outcome of one item of this task for one branch it covers. */
    public TaskOutcome outcome(int forItem, String forBranch, OutcomeStatus status, BranchOutput output, TaskError error,
                               String stage, long stageMillis, long nowMs) {
        Map<String, Long> t = Timings.parse(Timings.append(timings, stage, stageMillis));
        return new TaskOutcome(jobId, TaskOutcome.taskId(jobId, forItem, forBranch), forItem, forBranch, status, output,
                error, attempt, Math.max(0, nowMs - createdAt), t);
    }

    /** Branches this task still covers: its own, or every fork of its slip before the fork. */
    public List<String> coveredBranches() {
        if (branch != null) {
            return List.of(branch);
        }
        return slip.forks().stream().map(RoutingSlip.Fork::branch).toList();
    }
}
