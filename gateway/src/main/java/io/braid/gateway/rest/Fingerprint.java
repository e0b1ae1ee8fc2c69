package io.braid.gateway.rest;

import io.braid.common.wire.Json;
import io.braid.gateway.mapping.SubmitRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fingerprint of a submit request: SHA-256 over the pipeline and the request as parsed. */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(String pipeline, SubmitRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pipeline.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Json.write(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
