package io.braid.devstack.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {
    private final List<SseParser.Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private void read(String stream) throws IOException {
        parser.readAll(new StringReader(stream));
    }

    @Test
    void anEventHasItsTypeIdAndDataAndIsDispatchedByAnEmptyLine() throws IOException {
        read("event: status\nid: 1-0\ndata: {\"status\":\"RUNNING\"}\n\n");

        assertThat(events).containsExactly(new SseParser.Event("status", "{\"status\":\"RUNNING\"}", "1-0"));
        assertThat(parser.lastEventId()).isEqualTo("1-0");
    }

    @Test
    void dataLinesAreJoinedWithLineFeedsAndOnlyOneLeadingSpaceIsRemoved() throws IOException {
        read("data: {\"a\":\ndata:  1}\ndata\n\n");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("message");
            assertThat(e.data()).isEqualTo("{\"a\":\n 1}\n");
        });
    }

    @Test
    void commentsAreHeartbeatsThatDispatchNothing() throws IOException {
        read(": heartbeat\n\n:\n\nevent: progress\n: in the middle\ndata: {}\n\n");

        assertThat(events).extracting(SseParser.Event::type).containsExactly("progress");
        assertThat(parser.comments()).isEqualTo(3);
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeakIntoTheNext() throws IOException {
        read("event: branch\n\ndata: x\n\n");

        assertThat(events).containsExactly(new SseParser.Event("message", "x", ""));
    }

    @Test
    void theLastEventIdPersistsAcrossEventsWithoutAnId() throws IOException {
        read("event: item\nid: 7\ndata: {}\n\nevent: progress\ndata: {}\n\n");

        assertThat(events).extracting(SseParser.Event::id).containsExactly("7", "7");
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void anEmptyIdClearsTheLastEventIdAndAnIdWithNulIsIgnored() throws IOException {
        read("id: 3\ndata: a\n\nid: 4\u00005\ndata: b\n\nid\ndata: c\n\n");

        assertThat(events).extracting(SseParser.Event::id).containsExactly("3", "3", "");
    }

    @Test
    void retrySetsTheReconnectionDelayOnlyWhenItIsDigits() throws IOException {
        read("retry: 2500\n\nretry: soon\n\n");

        assertThat(parser.retryMs()).isEqualTo(2500);
        assertThat(events).isEmpty();
    }

    @Test
    void crLfAndLoneCrEndLinesAndAByteOrderMarkIsSkipped() throws IOException {
        read("\uFEFFevent: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r");

        assertThat(events).extracting(SseParser.Event::type, SseParser.Event::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsNotDispatchedAndResetForgetsIt() throws IOException {
        read("id: 9\ndata: complete\n\nevent: branch\ndata: {\"half\":");

        assertThat(events).extracting(SseParser.Event::data).containsExactly("complete");
        read("\nid: 10\ndata: cut");
        assertThat(parser.lastEventId()).as("an event cut off is sent again: its id does not count").isEqualTo("9");
        parser.reset();
        read("\ndata: next\n\n");
        assertThat(events).extracting(SseParser.Event::type, SseParser.Event::data).last()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple("message", "next"));
        assertThat(parser.lastEventId()).isEqualTo("9");
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        read("foo: bar\ndata: x\n\n");

        assertThat(events).containsExactly(new SseParser.Event("message", "x", ""));
    }
}
