package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLimitsTest {

    @Test
    void aValueKeepsRoomForKeyHeadersAndFraming() {
        assertThat(RecordLimits.maxValueBytes(1_000_000)).isEqualTo(1_000_000 - RecordLimits.HEADER_RESERVE);
        assertThat(RecordLimits.maxValueBytes(RecordLimits.DEFAULT_MAX_RECORD_BYTES)).isEqualTo(8 * 1024 * 1024 - 65536);
    }

    @Test
    void theBodyLimitHoldsTheLargestValueAsBase64InJson() {
        int max = 1_000_000;
        int value = RecordLimits.maxValueBytes(max);
        int base64 = Base64.getEncoder().encode(new byte[value]).length;
        assertThat(RecordLimits.maxBodyBytes(max)).isGreaterThanOrEqualTo(base64 + 1000L)
                .isLessThan(base64 + 1_000_000L);
    }

    @Test
    void aLimitTooSmallForTheHeadersIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> RecordLimits.maxValueBytes(1000)).hasMessageContaining("braid.max-record-bytes")
                .hasMessageContaining("131072");
    }

    @Test
    void theEncodedSizeOfAJobIsExactlyWhatTheCodecWrites() {
        JobRequest job = new JobRequest("j-1", "digits", List.of(new JobItem("a", "image/png", new byte[1234]),
                new JobItem("bé", "image/jpeg", new byte[7])), 1L, 2, 3L, null);
        assertThat(JobCodec.encodedSize(job)).isEqualTo(JobCodec.encode(job).length);
    }
}
