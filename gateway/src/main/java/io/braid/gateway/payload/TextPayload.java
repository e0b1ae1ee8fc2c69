package io.braid.gateway.payload;

import io.braid.gateway.rest.ApiProblem;

import java.nio.charset.StandardCharsets;

/** A text input: a non-empty string of valid Unicode, carried as its UTF-8 bytes. */
public final class TextPayload {
    private TextPayload() {
    }

    /**
     * The UTF-8 bytes of {@code text}, or 400 naming {@code field}: empty, an unpaired surrogate (a Java string,
     * and a JSON {@code \\u} escape, can hold one; UTF-8 cannot), more than {@code maxBytes} bytes.
     */
    public static byte[] utf8(String text, String field, int maxBytes) {
        if (text.isEmpty()) {
            throw ApiProblem.badRequest(field + " is empty; a text input needs at least one character");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiProblem.badRequest(field + " has an unpaired surrogate (\\u"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at character " + i
                        + "; text must be valid Unicode");
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw ApiProblem.badRequest(field + " is " + bytes.length + " bytes of UTF-8; the limit is " + maxBytes
                    + " (braid.gateway.inputs.max-text-bytes)");
        }
        return bytes;
    }

    /** Raw bytes that must be valid UTF-8 text (an OIP {@code BYTES} element sent as binary data). */
    public static byte[] utf8(byte[] raw, String field, int maxBytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiProblem.badRequest(field + " is not valid UTF-8 text");
        }
        return utf8(text, field, maxBytes);
    }
}
