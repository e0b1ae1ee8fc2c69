package io.braid.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {
    @TempDir
    Path dir;

    @Test
    void childDiesWhenItsParentJvmIsKilledWithSigkill() throws Exception {
        Process parent = startParent(List.of("sleep", "600"));
        long child = readChildPid(parent);
        assertThat(ProcessLiveness.isRunning(child)).isTrue();

        parent.destroyForcibly().waitFor();

        assertThat(awaitGone(child, Duration.ofSeconds(5))).as("child %d gone after its parent was killed", child).isTrue();
    }

    @Test
    void childThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Process parent = startParent(List.of("bash", "-c", "trap '' TERM; while :; do sleep 0.2; done"));
        long child = readChildPid(parent);

        parent.destroyForcibly().waitFor();

        Duration limit = ChildProcess.WATCHDOG_GRACE.plusSeconds(4);
        assertThat(awaitGone(child, limit)).as("child %d gone within %s", child, limit).isTrue();
    }

    @Test
    void pidIsTheCommandsOwnAndItsOutputGoesToTheLog() throws Exception {
        Path log = dir.resolve("logs/echo.log");
        ChildProcess child = ChildProcess.start("echo", List.of("bash", "-c", "echo hello from $$; exit 3"),
                Map.of("GREETING", "x"), dir, log);
        assertThat(child.awaitExit(Duration.ofSeconds(10))).isTrue();
        assertThat(child.exitStatus()).isEqualTo(3);
        assertThat(Files.readString(log)).contains("hello from " + child.pid());
    }

    @Test
    void stopSendsSigtermAndTheWatchdogLeavesWithTheChild() throws Exception {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir, dir.resolve("s.log"));
        List<ProcessHandle> watchdogs = List.of();
        for (int i = 0; i < 50 && watchdogs.isEmpty(); i++) {
            Thread.sleep(50); // bash forks the watchdog, then execs the command
            watchdogs = ProcessHandle.of(child.pid()).orElseThrow().children()
                    .filter(p -> p.info().command().map(c -> c.endsWith("bash")).orElse(false)).toList();
        }
        assertThat(watchdogs).hasSize(1);

        child.stop(Duration.ofSeconds(5));

        assertThat(child.isAlive()).isFalse();
        assertThat(awaitGone(watchdogs.get(0).pid(), Duration.ofSeconds(3))).as("watchdog gone").isTrue();
    }

    private Process startParent(List<String> command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphaningParent.class.getName(),
                dir.resolve("child.log").toString()));
        argv.addAll(command);
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    private static long readChildPid(Process parent) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("child ")) {
                return Long.parseLong(line.substring("child ".length()).trim());
            }
        }
        throw new AssertionError("the parent JVM ended without starting its child");
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessLiveness.isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
