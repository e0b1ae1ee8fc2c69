package io.braid.gateway.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a job's events stream as a Server-Sent Event: its name ({@code status}, {@code branch},
 * {@code item}, {@code end}), its id (the stream entry's id, for {@code Last-Event-ID}) and its data.
 * Plain Java: the entry's fields as the dispatcher's scripts write them ({@code e}, {@code i}, {@code b},
 * {@code s}, {@code at}) become the data clients read ({@code item} is the input id, {@code index} its position).
 */
public record JobEvent(String id, String name, Object data) {

    /** The event of a stream entry; {@code ids} are the job's input ids by index (may be shorter). */
    public static JobEvent of(String id, Map<String, String> fields, List<String> ids) {
        String name = fields.getOrDefault("e", "unknown");
        Map<String, Object> data = new LinkedHashMap<>();
        if (fields.containsKey("i")) {
            int index = Integer.parseInt(fields.get("i"));
            data.put("item", index < ids.size() ? ids.get(index) : Integer.toString(index));
            data.put("index", index);
        }
        if (fields.containsKey("b")) {
            data.put("branch", fields.get("b"));
        }
        if (fields.containsKey("s")) {
            data.put("status", "item".equals(name) ? itemStatus(fields.get("s")) : fields.get("s"));
        }
        if (fields.containsKey("at")) {
            data.put("at", Long.parseLong(fields.get("at")));
        }
        return new JobEvent(id, name, data);
    }

    /** An item's state as the fan-in stores it, named as items are in the job's result (ok, partial, failed). */
    static String itemStatus(String state) {
        return switch (state) {
            case "SUCCEEDED" -> "ok";
            case "DEGRADED" -> "partial";
            case "FAILED" -> "failed";
            default -> state.toLowerCase(java.util.Locale.ROOT);
        };
    }

    public boolean isEnd() {
        return "end".equals(name);
    }

    /** Whether {@code id} can be a {@code Last-Event-ID} of this API: a stream entry id, or {@code end}. */
    public static boolean validId(String id) {
        return id.equals("end") || id.matches("\\d{1,19}-\\d{1,19}");
    }
}
