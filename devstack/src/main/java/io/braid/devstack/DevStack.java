package io.braid.devstack;

import io.braid.devstack.trace.TraceReceiver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The embedded default: a real Kafka broker (KRaft) and a real Redis on this machine, plus every service as
 * its own process. Used by {@code ./braid} and by system tests:
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.builder().repoRoot(root).logDir(dir).ports(StackPorts.anyFree()).build()) {
 *     stack.start();                      // infra, then services; returns when all are ready
 *     HttpClient.send(... stack.gatewayUrl() + "/v1/pipelines/digits/jobs" ...);
 *     stack.service("dispatcher").kill(); // a crash
 *     stack.service("dispatcher").start();
 * }
 * }</pre>
 * Every child process dies with this JVM, also when it is killed with SIGKILL (see {@link ChildProcess});
 * a shutdown hook stops them gracefully on a normal exit.
 */
public final class DevStack implements AutoCloseable {
    private final DevStackSettings settings;
    private final List<String> pools;
    private final Map<String, ServiceProcess> services = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Thread shutdownHook = new Thread(this::closeQuietly, "braid-devstack-shutdown");
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean hookInstalled;
    private volatile StackInfra infra;
    private volatile Supervisor supervisor;
    private volatile DevKeys keys;
    /** The gateway's tenants file ({@code braid.gateway.auth.tenants-file}). */
    static final String TENANTS_FILE_ENV = "BRAID_GATEWAY_AUTH_TENANTS_FILE";
    private volatile Runnable onServicesChanged = () -> { };

    DevStack(DevStackSettings settings, List<String> pools) {
        this.settings = settings;
        this.pools = List.copyOf(pools);
    }

    /** A builder with the README's defaults: fixed ports, logs under {@code <repo>/.braid/logs}. */
    public static DevStackSettings.Builder builder() {
        return new DevStackSettings.Builder();
    }

    /**
     * Checks that the services are built and every port is free, then {@link #startInfra()} and
     * {@link #startServices()}.
     */
    public DevStack start() {
        requirePools();
        StackPreflight.requireDistinctPorts(settings, pools);
        requireBuiltServices();
        requireFreePorts(true);
        return startInfra().startServices();
    }

    /**
     * Starts Kafka with the stack's topics, then Redis. Checks their ports first.
     *
     * @throws PortInUseException naming the port when one is taken
     */
    public synchronized DevStack startInfra() {
        ensureOpen();
        if (infra != null) {
            return this;
        }
        requireFreePorts(false);
        installShutdownHook();
        try {
            infra = StackInfra.start(settings, topics(), StackTopics.configs(maxRecordBytes()));
            return this;
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("cannot start the infrastructure: " + e.getMessage(), e);
        }
    }

    /**
     * Launches every service (gateway, dispatcher, preprocess, postprocess, one inference per pool) at once and
     * waits until each answers 200 on {@code /q/health/ready} of its management interface. Checks their ports first.
     *
     * @throws IllegalStateException when a service exits or is not ready in time, with the end of its log
     */
    public synchronized DevStack startServices() {
        ensureOpen();
        if (infra == null) {
            throw new IllegalStateException("startInfra() first");
        }
        if (!services.isEmpty()) {
            return this;
        }
        requirePools();
        requireFreePorts(true);
        StackPreflight.ServicePorts ports = resolvedServicePorts();
        keys = DevKeys.in(settings.workDir().resolve("auth"));
        if (keys.created()) {
            progress("auth   development API key created: " + keys.key() + " (kept in "
                    + settings.workDir().resolve("auth/dev-key") + ")");
        }
        Map<String, String> env = new LinkedHashMap<>(infra().traces().serviceEnv());
        if (infra().mockModels() != null) {
            env.put(MockModelsProcess.URL_ENV, infra().mockModels().url());
        }
        env.putAll(serviceEnv());
        for (ServiceSpec planned : ServicePlan.of(settings.repoRoot(), ports.http(), ports.management(), pools,
                kafkaBootstrap(), redisUri(), env, settings.replicas())) {
            ServiceSpec spec = planned.module().equals("gateway")
                    ? planned.withEnv(Map.of(TENANTS_FILE_ENV, keys.tenantsFile().toString())) : planned;
            services.put(spec.name(), new ServiceProcess(spec, settings.repoRoot(), settings.logDir(),
                    settings.workDir().resolve("cds")));
        }
        try {
            ServiceLauncher.startAndAwaitReady(services(), settings.readyTimeout(), this::progress, this::ensureOpen);
            if (settings.supervise()) {
                supervisor = new Supervisor(this::services, RestartBackoff.DEFAULT, settings.progress(),
                        this::servicesChanged).start();
            }
            return this;
        } catch (RuntimeException e) {
            abandonServices();
            throw e;
        }
    }

    private void abandonServices() {
        stopServices();
        services.clear();
    }

    private void requirePools() {
        StackPreflight.requirePools(settings, pools);
    }

    private void requireBuiltServices() {
        StackPreflight.requireBuiltServices(settings);
    }

    private StackPreflight.ServicePorts resolvedServicePorts() {
        return StackPreflight.resolvedServicePorts(settings, pools);
    }

    private void requireFreePorts(boolean includeServices) {
        StackPreflight.requireFreePorts(settings, pools, infra == null, includeServices);
    }

    /** The running service called {@code name}, e.g. {@code dispatcher} or {@code inference-cpu-small}. */
    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new NoSuchElementException("no service '" + name + "'; the stack runs " + services.keySet());
        }
        return service;
    }

    /**
     * Restarts these services with extra environment variables (on top of the stack's own, replacing any
     * earlier overrides), e.g. {@code BRAID_MODELS_DIR} pointing at another model repository: stops them all,
     * starts them all, then waits until each is ready. The tuner uses this to run each case.
     *
     * @throws IllegalStateException when a service does not come back ready, with the end of its log
     */
    public void restartWith(List<String> names, Map<String, String> env) {
        ensureOpen();
        List<ServiceProcess> old = names.stream().map(this::service).toList();
        old.forEach(ServiceProcess::requestStop);
        old.forEach(ServiceProcess::stop);
        List<ServiceProcess> fresh = new ArrayList<>();
        for (ServiceProcess s : old) {
            Map<String, String> merged = new LinkedHashMap<>(s.spec().env());
            merged.putAll(env);
            ServiceSpec spec = new ServiceSpec(s.name(), s.spec().module(), s.port(), s.spec().managementPort(),
                    s.spec().jvmOptions(), Map.copyOf(merged));
            ServiceProcess next = new ServiceProcess(spec, settings.repoRoot(), settings.logDir());
            services.put(s.name(), next);
            next.start();
            fresh.add(next);
        }
        fresh.forEach(s -> s.awaitReady(settings.readyTimeout()));
    }

    /**
     * Runs {@code listener} whenever a supervised service exited or was restarted (its pid changed), e.g. to
     * rewrite the state file that {@code ./braid status} reads.
     */
    public void onServicesChanged(Runnable listener) {
        this.onServicesChanged = listener;
    }

    private void servicesChanged() {
        onServicesChanged.run();
    }

    /** The services, in start order; empty before {@link #startServices()}. */
    public List<ServiceProcess> services() {
        synchronized (services) {
            return List.copyOf(services.values());
        }
    }

    /** The development tenant's API key, which every client of this stack sends as {@code Bearer}. */
    public String apiKey() {
        if (keys == null) {
            throw new IllegalStateException("startServices() first");
        }
        return keys.key();
    }

    /** The file that holds {@link #apiKey()}. */
    public Path apiKeyFile() {
        return settings.workDir().resolve("auth/dev-key");
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return service("gateway").url();
    }

    /** Kafka's {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
    public String kafkaBootstrap() {
        return infra().kafka().bootstrapServers();
    }

    /** The mock model server's base URL, e.g. {@code http://127.0.0.1:8089} (its {@code /stats} and {@code /admin}). */
    public String mockModelsUrl() {
        if (infra().mockModels() == null) {
            throw new IllegalStateException("this stack runs no mock model server: its repository has no http model");
        }
        return infra().mockModels().url();
    }

    /** Redis' URI, e.g. {@code redis://127.0.0.1:6379}. */
    public String redisUri() {
        return infra().redis().uri();
    }

    /** The Kafka broker (for admin clients, consumers in tests). */
    public KafkaBroker kafka() {
        return infra().kafka();
    }

    /**
     * Restarts the Kafka broker: down for {@code down}, then back on the same port with its data; every
     * service's clients reconnect on their own. Returns when the broker is ready again.
     */
    public void restartKafka(Duration down) throws Exception {
        infra().restartKafka(down);
    }

    /** The stack's OTLP trace receiver and the traces it keeps. */
    public TraceReceiver traces() {
        return infra().traces();
    }

    /** The Redis server. */
    public BundledRedis redis() {
        return infra().redis();
    }

    /**
     * Stops Redis as a crash would (SIGKILL; {@code graceful}: SIGTERM), keeping its port and its
     * append-only file; {@link #startRedis()} brings it back with its data.
     */
    public void stopRedis(boolean graceful) {
        infra().stopRedis(graceful);
    }

    /** Starts Redis again after {@link #stopRedis}: same port, same data (its append-only file is replayed). */
    public void startRedis() throws IOException {
        infra().startRedis();
    }

    /** The inference pools, in name order. */
    public List<String> pools() {
        return pools;
    }

    /** {@code braid.max-record-bytes} of this stack (see {@link StackTopics#maxRecordBytes}). */
    public int maxRecordBytes() {
        return StackTopics.maxRecordBytes(settings.serviceEnv(), System.getenv());
    }

    /** Every service's extra environment: the stack's own plus the record limit the topics were created with. */
    private Map<String, String> serviceEnv() {
        Map<String, String> env = new LinkedHashMap<>(settings.serviceEnv());
        env.put(StackTopics.MAX_RECORD_BYTES_ENV, Integer.toString(maxRecordBytes()));
        return env;
    }

    /** The topics the stack creates. */
    public List<String> topics() {
        return StackTopics.forPools(pools);
    }

    /** What this stack was built with. */
    public DevStackSettings settings() {
        return settings;
    }

    private StackInfra infra() {
        StackInfra started = infra;
        if (started == null) {
            throw new IllegalStateException("startInfra() first");
        }
        return started;
    }

    /**
     * Stops every service (SIGTERM to all at once, SIGKILL after the grace period), then Redis, then Kafka;
     * returns when all are stopped, also when another thread (the shutdown hook) is stopping them.
     */
    @Override
    public void close() {
        // not synchronized: a shutdown hook must not wait for a start that waits for readiness
        if (!closed.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            if (supervisor != null) {
                supervisor.close();
            }
            stopServices();
            if (infra != null) {
                infra.close();
            }
        } finally {
            stopped.countDown();
        }
        if (hookInstalled && !Thread.currentThread().equals(shutdownHook)) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to remove
            }
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopServices() {
        List<ServiceProcess> all = services();
        all.forEach(ServiceProcess::requestStop);
        all.forEach(ServiceProcess::stop);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            progress("stopping the stack: " + e.getMessage());
        }
    }

    private void installShutdownHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookInstalled = true;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the stack is closed");
        }
    }

    private void progress(String line) {
        Consumer<String> sink = settings.progress();
        sink.accept(line);
    }
}
