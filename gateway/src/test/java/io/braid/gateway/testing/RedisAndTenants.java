package io.braid.gateway.testing;

import io.braid.common.auth.ApiKeys;
import io.braid.devstack.BundledRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a gateway {@code @QuarkusTest} runs against: a real Redis on a free port (the bundled {@code redis-server})
 * and a tenants file with auth on. Kafka is the in-memory connector ({@code src/test/resources}).
 * <ul>
 * <li>{@link #ALPHA_KEY}: tenant {@code alpha}, every pipeline, priority ceiling 5, no quota;</li>
 * <li>{@link #BETA_KEY}: tenant {@code beta}, only pipeline {@code digits}, 1 item per second.</li>
 * </ul>
 */
public class RedisAndTenants implements QuarkusTestResourceLifecycleManager {
    public static final String ALPHA_KEY = "braid_test_alpha_key_0123456789";
    public static final String BETA_KEY = "braid_test_beta_key_0123456789";
    private BundledRedis redis;
    private Path work;

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("braid-gateway-test");
            redis = BundledRedis.start(0, work, work.resolve("redis.log"));
            Path tenants = work.resolve("tenants.yaml");
            Files.writeString(tenants, """
                    tenants:
                      - name: alpha
                        keys: ["%s"]
                        pipelines: ["*"]
                        maxPriority: 5
                      - name: beta
                        keys: ["%s"]
                        pipelines: ["digits"]
                        quota:
                          itemsPerSecond: 1
                    """.formatted(ApiKeys.hash(ALPHA_KEY), ApiKeys.hash(BETA_KEY)), StandardCharsets.UTF_8);
            return Map.of("quarkus.redis.hosts", redis.uri(),
                    "braid.gateway.auth.enabled", "true",
                    "braid.gateway.auth.tenants-file", tenants.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
