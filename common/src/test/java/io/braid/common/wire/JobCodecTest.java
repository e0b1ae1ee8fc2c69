package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobCodecTest {

    @Test
    void aJobRoundTripsWithRawItemBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 255};
        JobRequest job = new JobRequest("j-1", "digits", List.of(new JobItem("a1", "image/png", png),
                new JobItem("ü-2", "image/jpeg", new byte[0])), 1234L, 7, 1000L);
        JobRequest back = JobCodec.decode(JobCodec.encode(job));
        assertThat(back.jobId()).isEqualTo("j-1");
        assertThat(back.pipeline()).isEqualTo("digits");
        assertThat(back.deadlineEpochMs()).isEqualTo(1234L);
        assertThat(back.priority()).isEqualTo(7);
        assertThat(back.submittedAtMs()).isEqualTo(1000L);
        assertThat(back.items()).hasSize(2);
        assertThat(back.items().get(0).data()).containsExactly(png);
        assertThat(back.items().get(1).id()).isEqualTo("ü-2");
    }

    @Test
    void aJoinOverrideTravelsWithTheJob() {
        JobRequest job = new JobRequest("j", "p", List.of(new JobItem("a", "image/png", new byte[]{1})), 5, 0, 1,
                new io.braid.common.pipeline.JoinOverride("quorum", 2, null, "fail"));
        assertThat(JobCodec.decode(JobCodec.encode(job)).join()).isEqualTo(job.join());
        assertThat(JobCodec.decode(JobCodec.encode(new JobRequest("j", "p", List.of(), 5, 0, 1))).join()).isNull();
    }

    @Test
    void itemBytesAreNotBase64OnTheWire() {
        byte[] data = new byte[3000];
        Arrays.fill(data, (byte) 7);
        byte[] encoded = JobCodec.encode(new JobRequest("j", "p", List.of(new JobItem("a", "image/png", data)), 0, 0, 0));
        assertThat(encoded.length).isLessThan(3100);
    }

    @Test
    void truncatedOrTrailingBytesAreWireFormatErrors() {
        byte[] ok = JobCodec.encode(new JobRequest("j", "p", List.of(new JobItem("a", "t", new byte[10])), 0, 0, 0));
        assertThatThrownBy(() -> JobCodec.decode(Arrays.copyOf(ok, ok.length - 3))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> JobCodec.decode(Arrays.copyOf(ok, ok.length + 1))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> JobCodec.decode("garbage".getBytes())).isInstanceOf(WireFormatException.class);
    }
}
