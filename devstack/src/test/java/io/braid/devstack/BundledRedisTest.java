package io.braid.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    @Test
    void runsWithAnAppendOnlyFileSyncedEverySecondAndNoEviction() throws Exception {
        try (BundledRedis redis = BundledRedis.start(0, dir.resolve("redis"), dir.resolve("redis.log"))) {
            assertThat(command(redis.port(), "CONFIG GET appendonly")).contains("yes");
            assertThat(command(redis.port(), "CONFIG GET appendfsync")).contains("everysec");
            assertThat(command(redis.port(), "CONFIG GET maxmemory-policy")).contains("noeviction");
            assertThat(Files.isDirectory(dir.resolve("redis/appendonlydir"))).isTrue();
        }
    }

    @Test
    void anAcknowledgedWriteSurvivesACrashAndARestartOnTheSamePort() throws Exception {
        BundledRedis redis = BundledRedis.start(0, dir.resolve("redis"), dir.resolve("redis.log"));
        BundledRedis again = null;
        try {
            assertThat(command(redis.port(), "SET braid:survives yes")).isEqualTo("+OK");
            redis.kill();
            assertThat(LocalPorts.isListening(redis.port())).isFalse();
            again = redis.restart();
            assertThat(again.port()).isEqualTo(redis.port());
            assertThat(command(again.port(), "GET braid:survives")).isEqualTo("$3 yes");
        } finally {
            redis.close();
            if (again != null) {
                again.close();
            }
        }
    }

    /** Sends one inline command and returns the reply's first two lines, joined by a space when it is a bulk or array reply. */
    static String command(int port, String inline) throws IOException {
        try (Socket socket = new Socket(LocalPorts.HOST, port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (first.startsWith("$")) {
                return first + " " + line(in);
            }
            if (first.startsWith("*")) {
                StringBuilder all = new StringBuilder(first);
                int n = Integer.parseInt(first.substring(1));
                for (int i = 0; i < 2 * n; i++) {
                    all.append(' ').append(line(in));
                }
                return all.toString();
            }
            return first;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
