package io.braid.common.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and extends the {@link Headers#TIMINGS} header: {@code stage=millis;stage=millis}. */
public final class Timings {
    private Timings() {
    }

    public static Map<String, Long> parse(String header) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // a malformed timing is diagnostic data only; the task itself is fine
                }
            }
        }
        return out;
    }

    public static String append(String header, String stage, long millis) {
        String entry = stage + "=" + millis;
        return header == null || header.isBlank() ? entry : header + ";" + entry;
    }
}
