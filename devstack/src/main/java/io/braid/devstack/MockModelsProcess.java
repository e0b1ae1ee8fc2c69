package io.braid.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The mock model server ({@code mock-models/}) as a child process of the stack: it plays the external model APIs
 * (OpenAI chat and embeddings, Open Inference Protocol v2) that the http models of {@code models/} call, so that
 * nothing outside the machine is needed. Its URL reaches the services as {@value #URL_ENV}.
 */
final class MockModelsProcess implements AutoCloseable {
    /** The variable that model files name in their {@code url} ({@code ${BRAID_MOCK_MODELS_URL:-...}}). */
    static final String URL_ENV = "BRAID_MOCK_MODELS_URL";
    /** The stack's mock configuration, relative to the repository. */
    static final String CONFIG = "devstack/mock-models.yaml";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final int port;

    private MockModelsProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server on {@code port} (0: a free one) and waits until it answers. */
    static MockModelsProcess start(Path repoRoot, int port, Path logFile) throws IOException, InterruptedException {
        int chosen = port == 0 ? LocalPorts.pickFree() : port;
        LocalPorts.requireFree("the mock model server", chosen, "set BRAID_PORT_BASE to move the stack's ports");
        Path target = repoRoot.resolve("mock-models/target");
        String classpath = jar(target) + ":" + target.resolve("lib") + "/*";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, "io.braid.mock.MockModelServer",
                "--port", Integer.toString(chosen), "--config", repoRoot.resolve(CONFIG).toString());
        ChildProcess child = ChildProcess.start("mock-models", command, Map.of(), repoRoot, logFile);
        MockModelsProcess mock = new MockModelsProcess(child, chosen);
        mock.awaitReady();
        return mock;
    }

    /** Whether the repository's models include an http model (only then does the stack start the server). */
    static boolean needed(Path repoRoot) throws IOException {
        Path models = repoRoot.resolve("models");
        if (!Files.isDirectory(models)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(models)) {
            for (Path yaml : dirs.map(d -> d.resolve("model.yaml")).filter(Files::isRegularFile).toList()) {
                if (Files.readAllLines(yaml).stream().anyMatch(l -> l.strip().matches("backend:\\s*http.*"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server's jar; {@link IllegalStateException} saying how to build it when absent. */
    static Path jar(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var found = files.filter(f -> f.getFileName().toString().matches("braid-mock-models-[0-9][^-]*(-SNAPSHOT)?\\.jar")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("the mock model server is not built (" + target + "); run ./mvnw -pl mock-models "
                + "-am install -DskipTests");
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long until = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the mock model server exited (status " + process.exitStatus()
                        + "); see " + process.logFile());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/health/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.kill();
        throw new IllegalStateException("the mock model server did not answer within " + READY_TIMEOUT.toSeconds()
                + " s; see " + process.logFile());
    }

    int port() {
        return port;
    }

    String url() {
        return "http://" + LocalPorts.HOST + ":" + port;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
