package io.braid.common.wire;

import java.nio.charset.StandardCharsets;

/** Routing slips travel as compact JSON in the {@link Headers#SLIP} header. */
public final class SlipCodec {
    private SlipCodec() {
    }

    public static byte[] encode(RoutingSlip slip) {
        return Json.write(slip);
    }

    public static RoutingSlip decode(byte[] header) {
        if (header == null) {
            throw new WireFormatException("record has no " + Headers.SLIP + " header");
        }
        RoutingSlip slip = Json.read(header, RoutingSlip.class);
        if (slip.steps().isEmpty() && slip.forks().isEmpty()) {
            throw new WireFormatException("empty routing slip: " + new String(header, StandardCharsets.UTF_8));
        }
        return slip;
    }
}
