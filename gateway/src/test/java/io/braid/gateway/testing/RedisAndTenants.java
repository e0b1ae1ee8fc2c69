package io.braid.gateway.testing;

import io.braid.devstack.BundledRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the gateway's {@code @QuarkusTest}s run against: a real Redis (the devstack's bundled
 * {@code redis-server}, on a free port, in a fresh folder under {@code target/}), the tenants file of
 * {@link TestTenants} and the repository's pipelines with the test-only ones of each input kind. Kafka is not started: the channels use the in-memory connector
 * ({@code src/test/resources/application.properties}).
 */
public class RedisAndTenants implements QuarkusTestResourceLifecycleManager {
    private BundledRedis redis;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
            dir = Files.createTempDirectory(target, "quarkus-test-");
            redis = BundledRedis.start(0, dir.resolve("redis"), dir.resolve("redis.log"));
            Path tenants = Files.writeString(dir.resolve("tenants.yaml"), TestTenants.file());
            return Map.of("quarkus.redis.hosts", redis.uri(),
                    "braid.gateway.auth.tenants-file", tenants.toString(),
                    "braid.pipelines-dir", pipelines(dir.resolve("pipelines")).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository's pipelines and the test-only ones of {@code src/test/resources/pipelines} (one per input kind
     * besides image), in one folder: the test pipelines stay out of the repository's {@code pipelines/}.
     */
    private static Path pipelines(Path into) throws IOException {
        Files.createDirectories(into);
        for (Path from : new Path[]{Path.of("../pipelines"), Path.of("src/test/resources/pipelines")}) {
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yaml"))::iterator) {
                    Files.copy(f, into.resolve(f.getFileName()));
                }
            }
        }
        return into;
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // target/ is cleaned by the build anyway
            }
        }
    }
}
