package io.braid.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One system under comparison, started and stopped by its own command line: Braid with {@code ./braid up} /
 * {@code ./braid down}, Ray Serve with {@code bench/peers/run-ray.sh start|stop}. Each start writes the pid of
 * the process tree's root (Braid's stack JVM, Ray's driver) where {@link #rootPid()} reads it.
 */
abstract class PeerSystem {
    /** The name in the report. */
    abstract String name();

    /** The base URL of the job API. */
    abstract String url();

    /** The API key its clients send as {@code Bearer}; null when it needs none. */
    String apiKey() {
        return null;
    }

    /** Starts the system; returns when its start command has returned. */
    abstract void start() throws IOException, InterruptedException;

    /** Stops the system; its command checks that no process or port is left. */
    abstract void stop() throws IOException, InterruptedException;

    /** The pid of the root of the system's process tree, once started. */
    abstract long rootPid() throws IOException;

    boolean isBraid() {
        return false;
    }

    /** Runs a command in {@code dir}, output appended to {@code log}; fails on a non-zero exit or after {@code timeoutS}. */
    static void run(Path dir, Map<String, String> env, Path log, long timeoutS, String... command)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not return within " + timeoutS + " s (log " + log + ")");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + "; the end of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
    }

    static long readPid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    /** Braid's stack: {@code ./braid up} with its home and ports from the options, never building. */
    static final class Braid extends PeerSystem {
        private final Path repo;
        private final Path home;
        private final Map<String, String> env;
        private final int portBase;
        private final Path log;

        Braid(Path repo, Path home, int portBase, int kafkaPort, int redisPort, Path log) {
            this.repo = repo;
            this.home = home;
            this.portBase = portBase;
            this.log = log;
            this.env = Map.of("BRAID_HOME", home.toString(), "BRAID_PORT_BASE", Integer.toString(portBase),
                    "BRAID_KAFKA_PORT", Integer.toString(kafkaPort), "BRAID_REDIS_PORT", Integer.toString(redisPort),
                    "BRAID_SKIP_BUILD", "1");
        }

        @Override
        String name() {
            return "Braid";
        }

        @Override
        String apiKey() {
            try {
                return java.nio.file.Files.readString(home.resolve("work/auth/dev-key")).trim();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Braid's stack under " + home + " has no development key: " + e.getMessage());
            }
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + portBase;
        }

        @Override
        void start() throws IOException, InterruptedException {
            run(repo, env, log, 400, "./braid", "up");
        }

        @Override
        void stop() throws IOException, InterruptedException {
            run(repo, env, log, 120, "./braid", "down");
        }

        @Override
        long rootPid() throws IOException {
            return readPid(home.resolve("stack.pid"));
        }

        @Override
        boolean isBraid() {
            return true;
        }
    }

    /** Ray Serve running bench/peers/ray_digits.py in one style. */
    static final class Ray extends PeerSystem {
        private final Path repo;
        private final String style;
        private final int port;
        private final String pipelines;
        private final Path home;
        private final Path log;

        Ray(Path repo, String style, int port, String pipelines, Path home, Path log) {
            this.repo = repo;
            this.style = style;
            this.port = port;
            this.pipelines = pipelines;
            this.home = home;
            this.log = log;
        }

        @Override
        String name() {
            return "Ray Serve, " + style;
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        void start() throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("bench/peers/run-ray.sh", "start", "--port", Integer.toString(port),
                    "--style", style, "--pipelines", pipelines));
            run(repo, Map.of("PEERS_RAY_HOME", home.toString()), log, 400, cmd.toArray(String[]::new));
        }

        @Override
        void stop() throws IOException, InterruptedException {
            run(repo, Map.of("PEERS_RAY_HOME", home.toString()), log, 120, "bench/peers/run-ray.sh", "stop");
        }

        @Override
        long rootPid() throws IOException {
            return readPid(home.resolve("driver.pid"));
        }
    }
}
