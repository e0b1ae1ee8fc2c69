package io.braid.devstack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack restarts what dies and leaves alone what it stopped, like a Kubernetes restart policy. */
class SupervisionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path repo;

    @BeforeEach
    void fakeBuiltServices() throws IOException {
        FakeBuild.install(repo);
    }

    @Test
    void aServiceKilledWithSigkillIsRestartedAndItsRestartAndExitAreRecorded() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs"))
                .ports(StackPorts.anyFree()).pools(List.of("cpu-small")).progress(progress::add).build()) {
            stack.start();
            CountDownLatch changes = new CountDownLatch(2);
            java.util.concurrent.atomic.AtomicInteger changed = new java.util.concurrent.atomic.AtomicInteger();
            stack.onServicesChanged(() -> {
                changed.incrementAndGet();
                changes.countDown();
            });
            ServiceProcess dispatcher = stack.service("dispatcher");
            long before = dispatcher.pid();

            dispatcher.kill();

            assertThat(changes.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("the state file is rewritten on the exit and on the restart").isTrue();
            dispatcher.awaitReady(PATIENCE);
            assertThat(dispatcher.pid()).as("a new process").isNotEqualTo(before);
            assertThat(dispatcher.restarts()).isEqualTo(1);
            assertThat(dispatcher.lastExit().reason()).isEqualTo("killed by SIGKILL");
            assertThat(progress).anyMatch(l -> l.startsWith("dispatcher killed by SIGKILL after"))
                    .anyMatch(l -> l.startsWith("dispatcher restarted (pid " + dispatcher.pid() + ", restart 1)"));
            assertThat(changed).as("one rewrite for the exit, one for the restart").hasValue(2);
            assertThat(stack.service("gateway").restarts()).isZero();
        }
    }

    @Test
    void aServiceTheStackStoppedOnPurposeIsNotRestarted() {
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).supervise(false)
                .ports(StackPorts.anyFree()).pools(List.of("cpu-small")).progress(line -> { }).build()) {
            stack.start();
            Supervisor supervisor = new Supervisor(stack::services, RestartBackoff.DEFAULT, line -> { }, () -> { });
            ServiceProcess postprocess = stack.service("postprocess");

            postprocess.stop();
            long now = System.nanoTime();
            supervisor.checkOnce(now);
            supervisor.checkOnce(now + Duration.ofHours(1).toNanos());

            assertThat(postprocess.isAlive()).isFalse();
            assertThat(postprocess.restarts()).isZero();
            assertThat(postprocess.lastExit()).isNull();
        }
    }

    @Test
    void aServiceThatKeepsDyingOfOutOfMemoryIsRestartedWithAGrowingWaitAndTheReasonIsNamed() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        ServiceProcess crashing = new ServiceProcess(new ServiceSpec("crashing", "preprocess-svc",
                LocalPorts.pickFree(), List.of(), Map.of("QUARKUS_HTTP_HOST", LocalPorts.HOST,
                "QUARKUS_HTTP_PORT", "0", "FAKE_SERVICE_OOM_AFTER_MS", "100")), repo, repo.resolve("logs"));
        try {
            Supervisor own = new Supervisor(() -> List.of(crashing), RestartBackoff.DEFAULT, progress::add, () -> { });
            crashing.start();
            long clock = System.nanoTime();
            for (int round = 1; round <= 3; round++) {
                assertThat(crashing.process().awaitExit(PATIENCE)).as("run %d ends", round).isTrue();
                own.checkOnce(clock);
                clock += Duration.ofSeconds(60).toNanos();
                own.checkOnce(clock);
                assertThat(crashing.restarts()).isEqualTo(round);
            }
            assertThat(crashing.lastExit().reason()).isEqualTo("OutOfMemoryError (exit status 3)");
            assertThat(progress).filteredOn(l -> l.startsWith("crashing OutOfMemoryError"))
                    .extracting(l -> l.substring(l.indexOf("restarting in")))
                    .containsExactly("restarting in 1 s", "restarting in 2 s", "restarting in 4 s");
        } finally {
            crashing.stop();
        }
    }

    @Test
    void withTwoReplicasEveryServiceRunsTwiceUnderItsOwnPortAndInstanceName() throws Exception {
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).replicas(2)
                .ports(StackPorts.anyFree()).pools(List.of("cpu-small")).progress(line -> { }).build()) {
            stack.start();

            assertThat(stack.services()).extracting(ServiceProcess::name).containsExactly("gateway", "gateway-2",
                    "dispatcher", "dispatcher-2", "preprocess", "preprocess-2", "postprocess", "postprocess-2",
                    "inference-cpu-small", "inference-cpu-small-2");
            assertThat(stack.services()).allSatisfy(s -> assertThat(s.isReady()).as(s.name()).isTrue());
            assertThat(stack.services()).extracting(ServiceProcess::port).doesNotHaveDuplicates();
            for (ServiceProcess s : stack.services()) {
                assertThat(DevStackTest.env(s, ServicePlan.INSTANCE_ENV)).isEqualTo(s.name());
            }
            assertThat(DevStackTest.env(stack.service("inference-cpu-small-2"), "BRAID_INFERENCE_POOL"))
                    .isEqualTo("cpu-small");
        }
    }
}
