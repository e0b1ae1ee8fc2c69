package io.braid.system;

import io.braid.devstack.BundledRedis;
import io.braid.gateway.quota.QuotaDecision;
import io.braid.gateway.quota.TokenBuckets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The quota script on a real Redis decides as the Java rule it mirrors (TokenBuckets), request by request. */
class QuotaScriptTest {
    @TempDir
    static Path work;
    private static BundledRedis redis;
    private static Jedis jedis;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = BundledRedis.start(0, work, work.resolve("redis.log"));
        jedis = new Jedis("127.0.0.1", redis.port());
    }

    @AfterAll
    static void stopRedis() {
        if (jedis != null) {
            jedis.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theScriptAndTheJavaRuleAgreeOnRandomTrafficOfRandomTenants() throws IOException {
        String script = FanInScriptsContract.lua("quota.lua");
        Random random = new Random(7);
        int refused = 0;
        for (int tenant = 0; tenant < 20; tenant++) {
            double rps = random.nextInt(4) * 5;
            double ips = random.nextInt(3) * 50;
            String key = "braid:{q:t" + tenant + "}:quota";
            long now = 1_000_000;
            TokenBuckets java = new TokenBuckets(rps, ips, now);
            for (int request = 0; request < 60; request++) {
                now += random.nextInt(4) == 0 ? random.nextInt(2000) : random.nextInt(50);
                int items = 1 + random.nextInt(random.nextBoolean() ? 10 : 120);
                QuotaDecision expected = java.take(items, now);
                @SuppressWarnings("unchecked")
                List<Long> got = (List<Long>) jedis.eval(script, List.of(key), List.of(Long.toString(now),
                        Double.toString(rps), Double.toString(ips), Integer.toString(items)));
                String at = "tenant " + tenant + " (" + rps + " req/s, " + ips + " items/s), request " + request;
                assertThat(got.get(0) == 1).as(at).isEqualTo(expected.allowed());
                assertThat(got.get(1)).as(at + ": wait").isBetween(expected.waitMs() - 1, expected.waitMs() + 1);
                refused += expected.allowed() ? 0 : 1;
            }
            assertThat(jedis.pttl(key)).as("a bucket expires when its tenant is quiet").isPositive();
        }
        assertThat(refused).as("the traffic hits the limits").isGreaterThan(50);
    }
}
