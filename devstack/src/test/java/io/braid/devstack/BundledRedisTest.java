package io.braid.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BundledRedisTest {
    @TempDir
    Path dir;

    @Test
    void answersPingOnItsPortAndFreesThePortWhenClosed() throws Exception {
        int port;
        long pid;
        try (BundledRedis redis = BundledRedis.start(0, dir.resolve("redis"), dir.resolve("redis.log"))) {
            port = redis.port();
            pid = redis.process().pid();
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + port);
        }
        assertThat(ProcessLiveness.isRunning(pid)).isFalse();
        assertThat(LocalPorts.isListening(port)).isFalse();
    }
}
