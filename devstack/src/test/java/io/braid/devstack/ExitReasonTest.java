package io.braid.devstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitReasonTest {
    @Test
    void aProcessEndedBySignalIsNamedByItsSignal() {
        assertThat(ExitReason.describe(137, "")).isEqualTo("killed by SIGKILL");
        assertThat(ExitReason.describe(143, "")).isEqualTo("killed by SIGTERM");
        assertThat(ExitReason.describe(139, "")).isEqualTo("killed by SIGSEGV");
    }

    @Test
    void aJvmThatRanOutOfMemoryIsNamedSoWhateverItsStatus() {
        assertThat(ExitReason.describe(3, "Terminating due to java.lang.OutOfMemoryError: Java heap space"))
                .isEqualTo("OutOfMemoryError (exit status 3)");
    }

    @Test
    void anyOtherEndGivesItsStatus() {
        assertThat(ExitReason.describe(1, "Failed to start application")).isEqualTo("exited with status 1");
    }
}
