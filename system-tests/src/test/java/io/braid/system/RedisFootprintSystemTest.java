package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.job.RedisKeys;
import io.braid.devstack.DevKeys;
import io.braid.gateway.service.JobService;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A finished job's Redis footprint is bounded per item (the numbers in docs/architecture.md, "Redis
 * keys": measured with MEMORY USAGE), and every key a job leaves behind expires: its job, results and
 * items hashes, its idempotency key and the layouts of the convoys it rode in.
 */
class RedisFootprintSystemTest {
    /** Bytes a finished job of the digits pipeline (three branches) may hold per item, all its keys together. */
    static final long MAX_BYTES_PER_ITEM = 2304;
    /** Bytes a finished job may hold beyond its items. */
    static final long MAX_BYTES_PER_JOB = 2048;
    private static final long RETENTION_SECONDS = Duration.ofHours(24).toSeconds();
    private static DevStack stack;
    private static Api api;
    private static Jedis jedis;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
        jedis = new Jedis("127.0.0.1", stack.redis().port());
    }

    @AfterAll
    static void close() {
        if (jedis != null) {
            jedis.close();
        }
    }

    private static long usage(String key) {
        Long bytes = jedis.memoryUsage(key, 0);
        return bytes == null ? 0 : bytes;
    }

    @Test
    void aFinishedJobHoldsABoundedFootprintPerItemAndEveryOneOfItsKeysExpires() {
        for (int items : new int[]{1, 10, 50}) {
            String key = "footprint-" + items + "-" + System.nanoTime();
            String body = "{\"deadlineMs\":60000," + Api.jobBody(JoinPoliciesSystemTest.images(items, 0)).substring(1);
            Api.Reply done = api.submitWithKey("digits", body, key);
            assertThat(done.status()).isIn(200, 202);
            String jobId = done.body().path("jobId").asText();
            assertThat(jobId).as("the job of the key, scoped to the stack's development tenant")
                    .isEqualTo(RedisKeys.idempotentJobId(JobService.scopedKey(DevKeys.TENANT, key)));
            JsonNode job = awaitTerminal(jobId);
            assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
            long total = 0;
            StringBuilder row = new StringBuilder("footprint of a finished digits job of " + items + " items:");
            assertThat(jedis.exists(RedisKeys.results(jobId))).as("outcomes are in the result").isFalse();
            assertThat(jedis.exists(RedisKeys.items(jobId))).as("item counts are in the result").isFalse();
            for (String k : List.of(RedisKeys.job(jobId), RedisKeys.idempotency(JobService.scopedKey(DevKeys.TENANT, key)))) {
                long bytes = usage(k);
                total += bytes;
                row.append(' ').append(k.substring(k.lastIndexOf(':') + 1)).append('=').append(bytes);
                assertThat(jedis.ttl(k)).as("%s expires", k).isBetween(1L, RETENTION_SECONDS);
            }
            System.out.println(row.append(" total=").append(total).append(" per item=").append(total / items));
            assertThat(total).as("bytes of a job of %d items", items).isLessThanOrEqualTo(
                    MAX_BYTES_PER_JOB + MAX_BYTES_PER_ITEM * items);
        }
    }

    @Test
    void afterJobsFinishNoKeyIsLeftWithoutAnExpiryButTheShardsDeadlineIndexes() throws Exception {
        List<CompletableFuture<Api.Reply>> burst = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int offset = i;
            burst.add(CompletableFuture.supplyAsync(() -> api.submit("digits",
                    Api.jobBody(JoinPoliciesSystemTest.images(1, offset)), "?wait=60")));
        }
        for (CompletableFuture<Api.Reply> r : burst) {
            assertThat(r.get().status()).isEqualTo(200);
        }
        List<String> unbounded = Api.poll(RedisFootprintSystemTest::keysWithoutExpiry, List::isEmpty,
                Duration.ofSeconds(60));
        assertThat(unbounded).as("keys without an expiry").isEmpty();
        assertThat(scan("braid:{cv-*}:convoy")).as("convoy layouts were written and expire").isNotEmpty()
                .allSatisfy(k -> assertThat(jedis.ttl(k)).isPositive());
    }

    private static JsonNode awaitTerminal(String jobId) {
        try {
            return api.awaitTerminal(jobId, Duration.ofSeconds(120));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keys other than deadline indexes (which empty out as their jobs finish) that never expire. */
    private static List<String> keysWithoutExpiry() {
        return scan("*").stream().filter(k -> !k.endsWith(":deadlines")).filter(k -> jedis.ttl(k) == -1).toList();
    }

    private static List<String> scan(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(pattern).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
