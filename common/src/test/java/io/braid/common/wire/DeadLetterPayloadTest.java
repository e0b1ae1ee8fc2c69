package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterPayloadTest {
    @Test
    void aPayloadAboveTheBoundIsCutAndItsOriginalSizeNoted() {
        Map<String, String> headers = new HashMap<>();
        byte[] kept = DeadLetterPayload.bound(new byte[100_000], 4096, headers);
        assertThat(kept).hasSize(4096);
        assertThat(headers).containsEntry(Headers.DLQ_ORIGINAL_BYTES, "100000");
    }

    @Test
    void aPayloadWithinTheBoundIsKeptWholeWithoutANote() {
        Map<String, String> headers = new HashMap<>();
        byte[] payload = {1, 2, 3};
        assertThat(DeadLetterPayload.bound(payload, 3, headers)).containsExactly(1, 2, 3);
        assertThat(headers).doesNotContainKey(Headers.DLQ_ORIGINAL_BYTES);
        assertThat(DeadLetterPayload.bound(null, 3, headers)).isEmpty();
    }

    @Test
    void aLongErrorMessageIsCut() {
        assertThat(DeadLetterPayload.message("x".repeat(5000))).hasSize(DeadLetterPayload.MAX_MESSAGE_CHARS);
        assertThat(DeadLetterPayload.message(null)).isEmpty();
    }
}
