package io.braid.system;

import io.braid.common.job.RedisKeys;
import io.braid.devstack.BundledRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-flight scopes of admission control on a real Redis: the gateway admits a job's items, the
 * dispatcher releases them when the job finishes, and a job nobody released leaves at its expiry.
 */
class InFlightScriptsTest {
    @TempDir
    static Path work;
    private static BundledRedis redis;
    private static Jedis jedis;
    private static String admit;
    private static String release;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = BundledRedis.start(0, work, work.resolve("redis.log"));
        jedis = new Jedis("127.0.0.1", redis.port());
        admit = FanInScriptsContract.lua("inflight-admit.lua");
        release = FanInScriptsContract.lua("inflight-release.lua");
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

    private static List<Object> admit(String scope, long now, String job, int items, long expiry, long limit, long ahead) {
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) jedis.eval(admit, List.of(RedisKeys.inflight(scope), RedisKeys.inflightItems(scope)),
                List.of(Long.toString(now), job, Integer.toString(items), Long.toString(expiry), Long.toString(limit),
                        Long.toString(ahead)));
        return r;
    }

    private static Object release(String scope, String job, int items) {
        return jedis.eval(release, List.of(RedisKeys.inflight(scope), RedisKeys.inflightItems(scope)), List.of(job,
                Integer.toString(items)));
    }

    @Test
    void itemsAreAdmittedUpToTheLimitAndReleasedWhenTheJobFinishes() {
        String scope = RedisKeys.tenantScope("limited");
        long far = System.currentTimeMillis() + 60_000;
        assertThat(admit(scope, 1000, "a", 60, far, 100, -1)).containsExactly(1L, 60L, "");
        assertThat(admit(scope, 1000, "b", 50, far, 100, -1)).as("60 + 50 > 100").containsExactly(0L, 60L, "limit");
        assertThat(admit(scope, 1000, "c", 40, far, 100, -1)).containsExactly(1L, 100L, "");
        assertThat(admit(scope, 1000, "c", 40, far, 100, -1)).as("a retried admission counts once")
                .containsExactly(0L, 100L, "limit");
        assertThat(release(scope, "a", 60)).isEqualTo(40L);
        assertThat(release(scope, "a", 60)).as("released twice").isEqualTo(40L);
        assertThat(admit(scope, 1000, "b", 50, far, 100, -1)).containsExactly(1L, 90L, "");
    }

    @Test
    void anIdleScopeAdmitsAJobLargerThanTheLimitSoItRunsAlone() {
        String scope = RedisKeys.tenantScope("small");
        long far = System.currentTimeMillis() + 60_000;
        assertThat(admit(scope, 1000, "big", 500, far, 100, -1)).containsExactly(1L, 500L, "");
        assertThat(admit(scope, 1000, "next", 1, far, 100, -1)).containsExactly(0L, 500L, "limit");
    }

    @Test
    void workAheadBeyondWhatTheDeadlineAllowsIsRefusedAsAhead() {
        String scope = RedisKeys.pipelineScope("slow");
        long far = System.currentTimeMillis() + 60_000;
        assertThat(admit(scope, 1000, "first", 30, far, 0, 10)).as("nothing ahead").containsExactly(1L, 30L, "");
        assertThat(admit(scope, 1000, "second", 1, far, 0, 10)).containsExactly(0L, 30L, "ahead");
        assertThat(admit(scope, 1000, "third", 1, far, 0, 30)).as("30 ahead is within 30").containsExactly(1L, 31L, "");
    }

    @Test
    void aJobNobodyReleasedStopsCountingAtItsExpiryAndTheKeysExpireWithTheLastJob() {
        String scope = RedisKeys.pipelineScope("forgotten");
        long now = System.currentTimeMillis();
        long soon = now + 60_000;
        admit(scope, now, "lost", 70, now + 5000, 100, -1);
        assertThat(admit(scope, now + 4999, "blocked", 70, soon, 100, -1)).containsExactly(0L, 70L, "limit");
        assertThat(admit(scope, now + 5000, "after", 70, soon, 100, -1)).as("'lost' expired").containsExactly(1L, 70L, "");
        assertThat(jedis.pttl(RedisKeys.inflightItems(scope))).isPositive().isLessThanOrEqualTo(60_000);
        release(scope, "after", 70);
        assertThat(jedis.exists(RedisKeys.inflightItems(scope))).isFalse();
    }
}
