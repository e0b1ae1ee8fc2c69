package io.braid.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void timingsInEpochMillisShowQueuedRunningAndTotal() throws Exception {
        var timings = JSON.readTree("{\"submittedAt\":1795308672676,\"startedAt\":1795308672712,"
                + "\"finishedAt\":1795308672949,\"durationMs\":273}");
        assertThat(DemoReport.timings(timings)).matches("submitted \\d\\d:\\d\\d:\\d\\d\\.676, queued 36 ms, ran 237 ms, total 273 ms");
    }

    @Test
    void missingTimingsPrintDashes() throws Exception {
        assertThat(DemoReport.timings(JSON.readTree("{}"))).isEqualTo("submitted -, total - ms");
    }

    @Test
    void topThreeComesFromTheProbabilitiesWhenTopKIsMissing() throws Exception {
        var output = JSON.readTree("{\"probabilities\":[0.1,0.6,0.05,0.25]}");
        assertThat(DemoReport.topK(output, 3)).isEqualTo("1 0.600  3 0.250  0 0.100");
    }
}
