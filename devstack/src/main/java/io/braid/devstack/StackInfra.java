package io.braid.devstack;

import io.braid.devstack.trace.TraceReceiver;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stack's infrastructure: the KRaft broker (with the stack's topics) and Redis (append-only file under
 * {@code <work>/redis}). Both can be restarted in place, as a broker restart or a Redis crash would happen.
 */
final class StackInfra {
    private final KafkaBroker kafka;
    private final TraceReceiver traces;
    private final Consumer<String> progress;
    private final MockModelsProcess mockModels;
    private volatile BundledRedis redis;

    private StackInfra(KafkaBroker kafka, BundledRedis redis, TraceReceiver traces, MockModelsProcess mockModels,
                       Consumer<String> progress) {
        this.kafka = kafka;
        this.redis = redis;
        this.traces = traces;
        this.mockModels = mockModels;
        this.progress = progress;
    }

    /**
     * Starts Kafka with {@code topics} (each with {@code topicConfigs}), then Redis, then the OTLP trace receiver
     * the services send their spans to; stops what started if a later part fails.
     */
    static StackInfra start(DevStackSettings settings, List<String> topics, Map<String, String> topicConfigs)
            throws Exception {
        Consumer<String> progress = settings.progress();
        long t0 = System.nanoTime();
        KafkaBroker kafka = KafkaBroker.start(settings.ports().kafka(), kafkaDataDir(settings.workDir()));
        try {
            kafka.createTopics(topics, StackTopics.PARTITIONS, topicConfigs);
            progress.accept("kafka  KRaft broker on " + kafka.bootstrapServers() + ", " + topics.size() + " topics ("
                    + millisSince(t0) + " ms)");
            t0 = System.nanoTime();
            BundledRedis redis = BundledRedis.start(settings.ports().redis(), settings.workDir().resolve("redis"),
                    settings.logDir().resolve("redis.log"));
            progress.accept("redis  " + BundledRedis.VERSION + " on " + redis.uri() + " (" + millisSince(t0) + " ms)");
            TraceReceiver traces;
            try {
                traces = TraceReceiver.start(LocalPorts.HOST, 0);
            } catch (Exception | Error e) {
                redis.close();
                throw e;
            }
            progress.accept("traces OTLP/HTTP receiver on " + traces.url());
            MockModelsProcess mock = null;
            t0 = System.nanoTime();
            if (MockModelsProcess.needed(settings.repoRoot())) {
                try {
                    mock = MockModelsProcess.start(settings.repoRoot(), settings.ports().mockModels(),
                            settings.logDir().resolve("mock-models.log"));
                } catch (Exception | Error e) {
                    traces.close();
                    redis.close();
                    throw e;
                }
                progress.accept("models mock model server (OpenAI chat/embeddings, OIP v2) on " + mock.url() + " ("
                        + millisSince(t0) + " ms)");
            }
            return new StackInfra(kafka, redis, traces, mock, progress);
        } catch (Exception | Error e) {
            try {
                kafka.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * A data folder of this JVM's own, so that a test never deletes the data of a running {@code ./braid up}
     * that shares the work folder; folders left by stacks whose JVM is gone are deleted.
     */
    private static Path kafkaDataDir(Path work) throws IOException {
        Files.createDirectories(work);
        try (var dirs = Files.list(work)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (name.matches("kafka-\\d+") && !ProcessLiveness.isRunning(Long.parseLong(name.substring(6)))) {
                    Utils.delete(dir.toFile());
                }
            }
        }
        return work.resolve("kafka-" + ProcessHandle.current().pid());
    }

    KafkaBroker kafka() {
        return kafka;
    }

    BundledRedis redis() {
        return redis;
    }

    TraceReceiver traces() {
        return traces;
    }

    /** The mock model server; null when the repository has no http model. */
    MockModelsProcess mockModels() {
        return mockModels;
    }

    /** The broker down for {@code down}, then back on the same port with its data. */
    void restartKafka(Duration down) throws Exception {
        kafka.restart(down);
        progress.accept("kafka  restarted after " + down.toMillis() + " ms down");
    }

    /** Redis stopped as a crash would (SIGKILL; {@code graceful}: SIGTERM), keeping its port and append-only file. */
    synchronized void stopRedis(boolean graceful) {
        if (graceful) {
            redis.close();
        } else {
            redis.kill();
        }
        progress.accept("redis  stopped (" + (graceful ? "SIGTERM" : "SIGKILL") + ")");
    }

    /** Redis started again after {@link #stopRedis}: same port, same data (its append-only file is replayed). */
    synchronized void startRedis() throws IOException {
        long t0 = System.nanoTime();
        redis = redis.restart();
        progress.accept("redis  restarted on " + redis.uri() + " (" + millisSince(t0) + " ms)");
    }

    /** Stops the trace receiver, Redis, then Kafka (deleting the broker's data). */
    void close() {
        if (mockModels != null) {
            mockModels.close();
        }
        traces.close();
        redis.close();
        try {
            kafka.close();
        } catch (IOException e) {
            progress.accept("kafka  " + e.getMessage());
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
