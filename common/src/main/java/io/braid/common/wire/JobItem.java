package io.braid.common.wire;

/**
 * One input item of a job: raw bytes (e.g. an encoded image), never base64 on the wire.
 *
 * @param id          the client's id for the item
 * @param contentType media type of {@code data}, e.g. {@code image/png}
 * @param data        the raw bytes
 */
public record JobItem(String id, String contentType, byte[] data) {
}
