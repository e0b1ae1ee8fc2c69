package io.braid.devstack.trace;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpTracesTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String OTHER = "0af7651916cd43dd8448eb211c80319c";

    static ProtoWriter span(String trace, String id, String parent, String name, long start, long end) {
        ProtoWriter s = new ProtoWriter().hex(1, trace).hex(2, id).string(3, "").string(5, name).varint(6, 1)
                .fixed64(7, start).fixed64(8, end);
        if (!parent.isEmpty()) {
            s.hex(4, parent);
        }
        return s;
    }

    static byte[] request(String service, ProtoWriter... spans) {
        ProtoWriter scope = new ProtoWriter().message(1, new ProtoWriter().string(1, "io.braid"));
        for (ProtoWriter s : spans) {
            scope.message(2, s);
        }
        ProtoWriter resource = new ProtoWriter().message(1, ProtoWriter.attribute("service.name", service))
                .message(1, new ProtoWriter().string(1, "pid").message(2, new ProtoWriter().varint(3, 42)));
        return new ProtoWriter().message(1, new ProtoWriter().message(1, resource).message(2, scope)).toBytes();
    }

    @Test
    void decodesSpansWithTheirServiceParentTimesAttributesLinksAndStatus() {
        ProtoWriter batch = span(OTHER, "00f067aa0ba902b7", "", "batch digits-cnn", 1_000, 3_500)
                .message(9, ProtoWriter.attribute("braid.model", "digits-cnn"))
                .message(9, new ProtoWriter().string(1, "braid.batch.size").message(2, new ProtoWriter().varint(3, 8)))
                .message(13, new ProtoWriter().hex(1, TRACE).hex(2, "b7ad6b7169203331"))
                .message(15, new ProtoWriter().string(2, "split").varint(3, 2));
        ProtoWriter work = span(TRACE, "b7ad6b7169203331", "a3ce929d0e0e4736", "inference work", 500, 4_000);

        List<TraceSpan> spans = OtlpTraces.decode(request("braid-inference", batch, work));

        assertThat(spans).hasSize(2);
        TraceSpan b = spans.get(0);
        assertThat(b.traceId()).isEqualTo(OTHER);
        assertThat(b.parentSpanId()).isEmpty();
        assertThat(b.service()).isEqualTo("braid-inference");
        assertThat(b.durationNanos()).isEqualTo(2_500);
        assertThat(b.attributes()).isEqualTo(Map.of("braid.model", "digits-cnn", "braid.batch.size", "8"));
        assertThat(b.links()).containsExactly(new TraceSpan.Link(TRACE, "b7ad6b7169203331"));
        assertThat(b.error()).isTrue();
        assertThat(spans.get(1).parentSpanId()).isEqualTo("a3ce929d0e0e4736");
        assertThat(spans.get(1).error()).isFalse();
    }

    @Test
    void aTruncatedRequestIsRefusedNotHalfRead() {
        byte[] whole = request("braid-gateway", span(TRACE, "00f067aa0ba902b7", "", "accept", 1, 2));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> OtlpTraces.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }
}
