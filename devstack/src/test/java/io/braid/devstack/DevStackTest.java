package io.braid.devstack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stack's lifecycle with {@link FakeService}s standing in for the built Quarkus applications. */
class DevStackTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path repo;

    @BeforeEach
    void fakeBuiltServices() throws IOException {
        FakeBuild.install(repo);
    }

    @Test
    void startsInfraAndEveryServiceOnFreePortsAndStopsThemAll() throws Exception {
        List<Integer> ports = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs"))
                .ports(StackPorts.anyFree()).pools(List.of("cpu-large", "cpu-small"))
                .serviceEnv("EXTRA_SETTING", "on").progress(line -> { }).build()) {
            stack.start();

            assertThat(stack.kafka().topics()).contains("braid.jobs", "braid.inference.cpu-small",
                    "braid.inference.cpu-large");
            assertThat(stack.redis().ping()).isEqualTo("PONG");
            assertThat(stack.services()).extracting(ServiceProcess::name).containsExactly("gateway", "dispatcher",
                    "preprocess", "postprocess", "inference-cpu-large", "inference-cpu-small");
            assertThat(stack.services()).allSatisfy(s -> assertThat(s.isReady()).as(s.name()).isTrue());
            assertThat(stack.gatewayUrl()).isEqualTo(stack.service("gateway").url());
            assertThat(env(stack.service("gateway"), "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(stack.kafkaBootstrap());
            assertThat(env(stack.service("dispatcher"), "QUARKUS_REDIS_HOSTS")).isEqualTo(stack.redisUri());
            assertThat(env(stack.service("inference-cpu-small"), "BRAID_INFERENCE_POOL")).isEqualTo("cpu-small");
            assertThat(env(stack.service("inference-cpu-small"), "BRAID_MODELS_DIR"))
                    .isEqualTo(repo.resolve("models").toString());
            assertThat(env(stack.service("preprocess"), "EXTRA_SETTING")).isEqualTo("on");
            assertThat(stack.services()).extracting(ServiceProcess::port).doesNotHaveDuplicates()
                    .doesNotContain(stack.kafka().port(), stack.redis().port());
            List<Integer> all = new ArrayList<>(stack.services().stream().map(ServiceProcess::port).toList());
            stack.services().forEach(s -> all.add(s.spec().managementPort()));
            assertThat(all).as("every service's health and metrics are on a management port of its own")
                    .doesNotHaveDuplicates().doesNotContain(stack.kafka().port(), stack.redis().port());
            assertThat(env(stack.service("dispatcher"), "QUARKUS_MANAGEMENT_PORT"))
                    .isEqualTo(Integer.toString(stack.service("dispatcher").spec().managementPort()));
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(stack.service("gateway").url() + HealthProbe.READY_PATH))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as("the fake, like Quarkus, has no health on its API port: the stack asked the management port")
                    .isEqualTo(404);
            assertThat(stack.service("gateway").logFile()).isEqualTo(repo.resolve("logs/gateway.log"));

            ports.addAll(List.of(stack.kafka().port(), stack.redis().port()));
            stack.services().forEach(s -> ports.add(s.port()));
            stack.services().forEach(s -> pids.add(s.pid()));
            pids.add(stack.redis().process().pid());
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessLiveness.isRunning(pid)).as("pid %d", pid).isFalse());
        assertThat(ports).allSatisfy(port -> assertThat(LocalPorts.isListening(port)).as("port %d", port).isFalse());
    }

    @Test
    void redisKeepsItsDataInTheWorkFolderAndComesBackWithItOnItsPortAfterACrash() throws Exception {
        long restartedPid;
        int port;
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).workDir(repo.resolve("work"))
                .ports(StackPorts.anyFree()).pools(List.of("cpu-small")).progress(line -> { }).build()) {
            stack.startInfra();
            port = stack.redis().port();
            assertThat(Files.isDirectory(repo.resolve("work/redis/appendonlydir"))).isTrue();
            assertThat(BundledRedisTest.command(port, "SET braid:kept 1")).isEqualTo("+OK");

            stack.stopRedis(false);
            assertThat(LocalPorts.isListening(port)).isFalse();
            stack.startRedis();

            assertThat(stack.redis().port()).isEqualTo(port);
            assertThat(BundledRedisTest.command(port, "GET braid:kept")).isEqualTo("$1 1");
            restartedPid = stack.redis().process().pid();
        }
        assertThat(ProcessLiveness.isRunning(restartedPid)).as("the restarted Redis stops with the stack").isFalse();
        assertThat(LocalPorts.isListening(port)).isFalse();
    }

    @Test
    void aKilledServiceOfAnUnsupervisedStackCanBeStartedAgain() {
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).supervise(false)
                .ports(StackPorts.anyFree()).pools(List.of("cpu-small")).progress(line -> { }).build()) {
            stack.start();
            ServiceProcess dispatcher = stack.service("dispatcher");
            long before = dispatcher.pid();

            dispatcher.kill();
            assertThat(dispatcher.isAlive()).isFalse();
            assertThat(ProcessLiveness.isRunning(before)).isFalse();

            dispatcher.start();
            dispatcher.awaitReady(Duration.ofSeconds(30));
            assertThat(dispatcher.pid()).isNotEqualTo(before);
            assertThat(dispatcher.isReady()).isTrue();
        }
    }

    @Test
    void aServiceThatExitsFailsTheStartWithTheEndOfItsLog() {
        try (DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs"))
                .ports(StackPorts.anyFree()).pools(List.of("cpu-small")).progress(line -> { })
                .serviceEnv("FAKE_SERVICE_FAIL", "cannot load the model repository").build()) {
            stack.startInfra();
            assertThatThrownBy(stack::startServices)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status 3 before it was ready")
                    .hasMessageContaining("cannot load the model repository");
        }
    }

    @Test
    void aBusyPortIsReportedByNameBeforeAnythingStarts() throws IOException {
        int kafka = LocalPorts.pickFree();
        try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName(LocalPorts.HOST))) {
            StackPorts ports = new StackPorts(kafka, 0, busy.getLocalPort(), 0, 0, 0, 0, 0);
            DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).ports(ports)
                    .pools(List.of("cpu-small")).progress(line -> { }).build();

            assertThatThrownBy(stack::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + busy.getLocalPort() + " (gateway) is already in use")
                    .hasMessageContaining("BRAID_GATEWAY_PORT");
            assertThat(LocalPorts.isListening(kafka)).as("kafka was not started").isFalse();
            stack.close();
        }
    }

    @Test
    void aBusyManagementPortIsReportedByNameAndSettingBeforeAnythingStarts() throws IOException {
        int kafka = LocalPorts.pickFree();
        try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName(LocalPorts.HOST))) {
            StackPorts ports = new StackPorts(kafka, 0, 0, 0, 0, 0, 0, busy.getLocalPort() - 1);
            DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).ports(ports)
                    .pools(List.of("cpu-small")).progress(line -> { }).build();

            assertThatThrownBy(stack::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + busy.getLocalPort() + " (dispatcher (management)) is already in use")
                    .hasMessageContaining("BRAID_MANAGEMENT_PORT_BASE");
            assertThat(LocalPorts.isListening(kafka)).as("kafka was not started").isFalse();
            stack.close();
        }
    }

    @Test
    void twoPartsConfiguredOnOnePortAreRefusedNamingBothBeforeAnythingStarts() {
        // the management base 9082 would put inference pool 0 (base + 10) on Kafka's 9092
        StackPorts ports = new StackPorts(9092, 0, 0, 0, 0, 0, 0, 9082);
        DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).ports(ports)
                .pools(List.of("cpu-small")).progress(line -> { }).build();

        assertThatThrownBy(stack::start)
                .hasMessageContaining("kafka and inference-cpu-small (management) are both on port 9092")
                .hasMessageContaining("BRAID_MANAGEMENT_PORT_BASE");
        stack.close();
    }

    @Test
    void anUnbuiltServiceFailsTheStartBeforeAnythingRuns() throws IOException {
        Files.delete(repo.resolve("dispatcher/target/quarkus-app/quarkus-run.jar"));
        int kafka = LocalPorts.pickFree();
        DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs"))
                .ports(new StackPorts(kafka, 0, 0, 0, 0, 0, 0)).pools(List.of("cpu-small")).progress(line -> { }).build();

        assertThatThrownBy(stack::start).hasMessageContaining("not built: " + repo.resolve("dispatcher"));
        assertThat(LocalPorts.isListening(kafka)).isFalse();
        stack.close();
    }

    @Test
    void aRepositoryWithoutModelsHasNoPoolsToServe() {
        DevStack stack = DevStack.builder().repoRoot(repo).logDir(repo.resolve("logs")).ports(StackPorts.anyFree())
                .progress(line -> { }).build();
        assertThat(stack.pools()).isEmpty();
        assertThatThrownBy(stack::start).hasMessageContaining("no inference pools");
        stack.close();
    }

    static String env(ServiceProcess service, String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/env/" + name))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
