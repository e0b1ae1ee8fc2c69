package io.braid.stage.trace;

import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraceHeadersTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final SpanContext SENDER = SpanContext.create(TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(),
            TraceState.getDefault());

    @Test
    void everyHopSentNamesTheSendingSpanAsItsParentReplacingTheContextItArrivedWith() {
        Hop in = new Hop("braid.postprocess", "job", Map.of(Headers.JOB_ID, "job",
                Headers.TRACEPARENT, "00-" + TRACE + "-a3ce929d0e0e4736-01"), new byte[]{1});

        List<Hop> out = TraceHeaders.stamp(List.of(in, in), SENDER);

        assertThat(out).allSatisfy(h -> {
            assertThat(h.headers()).containsEntry(Headers.TRACEPARENT, "00-" + TRACE + "-00f067aa0ba902b7-01")
                    .containsEntry(Headers.JOB_ID, "job");
            assertThat(h.value()).containsExactly(1);
        });
    }

    @Test
    void withTracingOffTheContextThatArrivedIsPassedOnUnchanged() {
        Hop in = new Hop("t", "k", Map.of(Headers.TRACEPARENT, "00-" + TRACE + "-a3ce929d0e0e4736-01"), new byte[0]);

        assertThat(TraceHeaders.stamp(List.of(in), SpanContext.getInvalid())).containsExactly(in);
    }

    @Test
    void aRecordsTraceparentIsTheParentOfTheSpanThatHandlesIt() {
        SpanContext parent = Span.fromContext(TraceHeaders.parent(Map.of(Headers.TRACEPARENT,
                TraceHeaders.traceparent(SENDER)))).getSpanContext();

        assertThat(parent.getTraceId()).isEqualTo(TRACE);
        assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parent.isRemote()).isTrue();
        assertThat(Span.fromContext(TraceHeaders.parent(Map.of())).getSpanContext().isValid()).isFalse();
        assertThat(TraceHeaders.traceId(TraceHeaders.traceparent(SENDER))).isEqualTo(TRACE);
    }
}
