package io.braid.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link DevStack} is built with.
 *
 * @param repoRoot     the repository: module folders, {@code models/}, {@code pipelines/}
 * @param logDir       one {@code <service>.log} per process
 * @param workDir      Kafka's data, the Redis binary, the services' class-data archives ({@code cds/})
 * @param ports        where everything listens; zeros are chosen at start
 * @param readyTimeout how long each service may take to become ready
 * @param serviceEnv   extra environment variables for every service
 * @param progress     receives one line per milestone (infra up, service ready)
 * @param replicas     processes per service (1 or more)
 * @param supervise    whether a service whose process ends on its own is restarted (see {@link Supervisor})
 */
public record DevStackSettings(Path repoRoot, Path logDir, Path workDir, StackPorts ports, Duration readyTimeout,
                               Map<String, String> serviceEnv, Consumer<String> progress, int replicas,
                               boolean supervise) {

    /** Default of {@link #readyTimeout()}. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

    /** Builds a {@link DevStack}; every setting has a default. */
    public static final class Builder {
        private Path repoRoot;
        private Path logDir;
        private Path workDir;
        private StackPorts ports = StackPorts.defaults();
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private final Map<String, String> serviceEnv = new LinkedHashMap<>();
        private List<String> pools;
        private Consumer<String> progress = line -> System.out.println("[braid] " + line);
        private int replicas = 1;
        private boolean supervise = true;

        Builder() {
        }

        /** The repository root; default: the nearest folder upwards from the working directory with a {@code devstack/} folder. */
        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        /** Where each process writes {@code <name>.log}; default {@code <repoRoot>/.braid/logs}. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Kafka data and the Redis binary; default {@code <logDir>/../work}, i.e. {@code .braid/work}. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The ports; default {@link StackPorts#defaults()}; {@link StackPorts#anyFree()} for tests. */
        public Builder ports(StackPorts ports) {
            this.ports = Objects.requireNonNull(ports);
            return this;
        }

        /** How long each service may take to answer its readiness check; default 120 s. */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = Objects.requireNonNull(readyTimeout);
            return this;
        }

        /** Adds an environment variable to every service, e.g. a shorter timeout for a test. */
        public Builder serviceEnv(String name, String value) {
            serviceEnv.put(name, value);
            return this;
        }

        /** The inference pools to run; default: the pools named in {@code <repoRoot>/models/*}{@code /model.yaml}. */
        public Builder pools(List<String> pools) {
            this.pools = List.copyOf(pools);
            return this;
        }

        /** Processes per service, each on its own port (see {@link ServicePlan#REPLICA_PORT_STEP}); default 1. */
        public Builder replicas(int replicas) {
            if (replicas < 1 || replicas > 9) {
                throw new IllegalArgumentException("replicas must be 1 to 9, not " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * Whether a service whose process ends without the stack stopping it (a crash, kill -9, an
         * OutOfMemoryError) is restarted with a {@link RestartBackoff}; default true.
         */
        public Builder supervise(boolean supervise) {
            this.supervise = supervise;
            return this;
        }

        /** Receives the progress lines; default prints {@code [braid] ...} to stdout. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /**
         * Reads the model repository's pools (when {@link #pools(List)} was not called) and builds the stack;
         * starts nothing.
         *
         * @throws io.braid.common.pipeline.DefinitionException when a model definition is invalid
         */
        public DevStack build() {
            Path root = (repoRoot != null ? repoRoot : findRepoRoot()).toAbsolutePath().normalize();
            Path logs = (logDir != null ? logDir : root.resolve(".braid/logs")).toAbsolutePath();
            Path work = (workDir != null ? workDir : logs.resolveSibling("work")).toAbsolutePath();
            List<String> chosenPools = pools != null ? pools : StackTopics.pools(root.resolve("models"));
            DevStackSettings settings = new DevStackSettings(root, logs, work, ports, readyTimeout,
                    Map.copyOf(serviceEnv), progress, replicas, supervise);
            return new DevStack(settings, chosenPools);
        }

        private static Path findRepoRoot() {
            Path dir = Path.of("").toAbsolutePath();
            for (Path d = dir; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("devstack")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                    return d;
                }
            }
            throw new IllegalStateException("cannot find the repository root above " + dir + "; set repoRoot(...)");
        }
    }
}
