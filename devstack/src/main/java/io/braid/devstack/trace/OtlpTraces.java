package io.braid.devstack.trace;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} (opentelemetry-proto, trace/v1) in its protobuf form,
 * as {@code quarkus-opentelemetry} sends it over HTTP: resource spans → scope spans → spans.
 */
public final class OtlpTraces {
    private static final HexFormat HEX = HexFormat.of();

    private OtlpTraces() {
    }

    /** The spans of one export request. */
    public static List<TraceSpan> decode(byte[] request) {
        List<TraceSpan> spans = new ArrayList<>();
        ProtoReader r = new ProtoReader(request);
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                resourceSpans(r.message(), spans);
            } else {
                r.skip();
            }
        }
        return spans;
    }

    private static void resourceSpans(ProtoReader r, List<TraceSpan> out) {
        String service = "";
        List<ProtoReader> scopes = new ArrayList<>();
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                Map<String, String> resource = new LinkedHashMap<>();
                ProtoReader res = r.message();
                while (res.next()) {
                    if (res.field() == 1 && res.wireType() == ProtoReader.LEN) {
                        keyValue(res.message(), resource);
                    } else {
                        res.skip();
                    }
                }
                service = resource.getOrDefault("service.name", "");
            } else if (r.field() == 2 && r.wireType() == ProtoReader.LEN) {
                scopes.add(r.message());
            } else {
                r.skip();
            }
        }
        for (ProtoReader scope : scopes) {
            while (scope.next()) {
                if (scope.field() == 2 && scope.wireType() == ProtoReader.LEN) {
                    out.add(span(scope.message(), service));
                } else {
                    scope.skip();
                }
            }
        }
    }

    private static TraceSpan span(ProtoReader r, String service) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        long start = 0;
        long end = 0;
        boolean error = false;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<TraceSpan.Link> links = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> traceId = HEX.formatHex(r.bytes());
                case 2 -> spanId = HEX.formatHex(r.bytes());
                case 4 -> parent = HEX.formatHex(r.bytes());
                case 5 -> name = r.string();
                case 7 -> start = r.fixed64();
                case 8 -> end = r.fixed64();
                case 9 -> keyValue(r.message(), attributes);
                case 13 -> links.add(link(r.message()));
                case 15 -> error = statusIsError(r.message());
                default -> r.skip();
            }
        }
        return new TraceSpan(traceId, spanId, parent, name, service, start, end, attributes, List.copyOf(links), error);
    }

    private static TraceSpan.Link link(ProtoReader r) {
        String traceId = "";
        String spanId = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> traceId = HEX.formatHex(r.bytes());
                case 2 -> spanId = HEX.formatHex(r.bytes());
                default -> r.skip();
            }
        }
        return new TraceSpan.Link(traceId, spanId);
    }

    private static boolean statusIsError(ProtoReader r) {
        boolean error = false;
        while (r.next()) {
            if (r.field() == 3 && r.wireType() == ProtoReader.VARINT) {
                error = r.varint() == 2;
            } else {
                r.skip();
            }
        }
        return error;
    }

    private static void keyValue(ProtoReader r, Map<String, String> into) {
        String key = null;
        String value = "";
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                key = r.string();
            } else if (r.field() == 2 && r.wireType() == ProtoReader.LEN) {
                value = anyValue(r.message());
            } else {
                r.skip();
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    /** An AnyValue as text: string, bool, int and double; other kinds are left empty. */
    private static String anyValue(ProtoReader r) {
        String value = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> value = r.string();
                case 2 -> value = Boolean.toString(r.varint() != 0);
                case 3 -> value = Long.toString(r.varint());
                case 4 -> value = Double.toString(Double.longBitsToDouble(r.fixed64()));
                default -> r.skip();
            }
        }
        return value;
    }
}
