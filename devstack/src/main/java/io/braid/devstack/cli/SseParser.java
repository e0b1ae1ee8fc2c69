package io.braid.devstack.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * A Server-Sent Events parser after the WHATWG HTML standard ("Interpreting an event stream"), fed one line
 * at a time (CR, LF or CRLF already removed). {@code data:} lines are joined with LF; lines starting with
 * {@code :} are comments (heartbeats); {@code id:} sets the last event id, which persists across events and is
 * what a reconnect sends as {@code Last-Event-ID} once its event is dispatched; {@code retry:} sets the reconnection delay; an empty line
 * dispatches the event, unless it had no data. Unknown fields are ignored. Plain Java, not thread-safe.
 */
public final class SseParser {
    /** The event type when a stream names none. */
    public static final String DEFAULT_TYPE = "message";

    /**
     * One dispatched event.
     *
     * @param type the {@code event:} field, or {@code message}
     * @param data the {@code data:} lines joined with LF
     * @param id   the last event id when it was dispatched (empty when the stream never sent one)
     */
    public record Event(String type, String data, String id) {
    }

    private final Consumer<Event> sink;
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String idBuffer = "";
    private String lastEventId = "";
    private long retryMs = -1;
    private boolean sawData;
    private boolean first = true;
    private long comments;

    /** A parser that hands each dispatched event to {@code sink}. */
    public SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    /** Feeds one line, without its line terminator. */
    public void line(String raw) {
        String line = raw;
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            comments++;
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                data.append(value).append('\n');
                sawData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    try {
                        retryMs = Long.parseLong(value);
                    } catch (NumberFormatException tooLong) {
                        // ignored like any other invalid field
                    }
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    /** Reads {@code reader} to its end, feeding every line (CR, LF and CRLF all end a line). */
    public void readAll(Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        while ((line = lines.readLine()) != null) {
            line(line);
        }
        // an event without its final empty line is not dispatched (the stream ended mid-event)
    }

    private void dispatch() {
        lastEventId = idBuffer;
        if (!sawData) {
            type = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        Event event = new Event(type.isEmpty() ? DEFAULT_TYPE : type, payload, lastEventId);
        data.setLength(0);
        sawData = false;
        type = "";
        sink.accept(event);
    }

    /**
     * The id of the last event dispatched (the {@code Last-Event-ID} for a reconnect); empty when none. An id of an
     * event that the stream cut off before its end does not count: that event is sent again.
     */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the stream asked for with {@code retry:}; -1 when it did not. */
    public long retryMs() {
        return retryMs;
    }

    /** How many comment lines (heartbeats) were read. */
    public long comments() {
        return comments;
    }

    /**
     * Forgets a partly read event (after a dropped connection the next stream starts afresh), keeping the last
     * dispatched event id and the retry delay.
     */
    public void reset() {
        idBuffer = lastEventId;
        data.setLength(0);
        sawData = false;
        type = "";
        first = true;
    }
}
