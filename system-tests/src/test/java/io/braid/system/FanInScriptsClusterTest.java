package io.braid.system;

import io.braid.common.job.RedisKeys;
import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import io.braid.devstack.BundledRedis;
import io.braid.dispatcher.join.JoinRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fan-in scripts' contract ({@link FanInScriptsContract}) on a real Redis Cluster of three masters:
 * three {@code redis-server} processes of the bundled binary with {@code cluster-enabled yes}, each
 * given a third of the 16384 slots and joined with {@code CLUSTER MEET}. Every script call goes to the
 * master of its first key's slot, and Redis checks the rest: a call whose keys span two slots fails with
 * {@code CROSSSLOT}, as the old global {@code braid:deadlines} key did.
 */
class FanInScriptsClusterTest extends FanInScriptsContract {
    private static final String[][] RANGES = {{"0", "5460"}, {"5461", "10922"}, {"10923", "16383"}};
    @TempDir
    static Path work;
    private static final List<BundledRedis> masters = new ArrayList<>();
    private static final List<Jedis> connections = new ArrayList<>();
    /** First slot of each master's range → its connection. */
    private static final TreeMap<Integer, Jedis> bySlot = new TreeMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        for (int i = 0; i < RANGES.length; i++) {
            BundledRedis master = BundledRedis.start(0, work.resolve("master-" + i), work.resolve("master-" + i + ".log"),
                    List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", "5000"));
            masters.add(master);
            Jedis jedis = new Jedis("127.0.0.1", master.port());
            connections.add(jedis);
            jedis.sendCommand(Protocol.Command.CLUSTER, "ADDSLOTSRANGE", RANGES[i][0], RANGES[i][1]);
            bySlot.put(Integer.parseInt(RANGES[i][0]), jedis);
        }
        for (int i = 1; i < masters.size(); i++) {
            connections.get(0).clusterMeet("127.0.0.1", masters.get(i).port());
        }
        for (Jedis jedis : connections) {
            String info = Api.poll(jedis::clusterInfo, s -> s.contains("cluster_state:ok")
                    && s.contains("cluster_known_nodes:3"), Duration.ofSeconds(60));
            assertThat(info).as("the cluster formed").contains("cluster_state:ok").contains("cluster_known_nodes:3");
        }
    }

    @AfterAll
    static void stopCluster() {
        connections.forEach(Jedis::close);
        masters.forEach(BundledRedis::close);
    }

    @Override
    Jedis on(String key) {
        return bySlot.floorEntry(JedisClusterCRC16.getSlot(key)).getValue();
    }

    @Test
    void theClusterRefusesAScriptWhoseKeysLieInTwoSlots() throws IOException {
        String job = RedisKeys.job("old-layout");
        assertThatThrownBy(() -> on(job).eval(lua("fail-enqueue.lua"), List.of(job, "braid:deadlines"),
                List.of("old-layout", "1", "x", "60"))).isInstanceOf(JedisDataException.class).hasMessageContaining("CROSSSLOT");
    }

    @Test
    void jobsOfEveryShardRunEveryScriptInOneSlotAndTheShardsSpreadOverAllMasters() throws IOException {
        JoinRule all = JoinRule.of(new JoinSpec(JoinPolicy.ALL, 1, -1, 1000, OnTimeout.PARTIAL), 3);
        Map<Integer, String> jobOfShard = new TreeMap<>();
        for (int n = 0; jobOfShard.size() < RedisKeys.SHARDS; n++) {
            jobOfShard.putIfAbsent(RedisKeys.shard("spread-" + n), "spread-" + n);
        }
        Set<Jedis> used = new HashSet<>();
        for (Map.Entry<Integer, String> e : jobOfShard.entrySet()) {
            String jobId = e.getValue();
            Jedis node = on(RedisKeys.job(jobId));
            used.add(node);
            started(jobId, 1, all);
            assertThat(node.zrangeByScore(RedisKeys.deadlines(e.getKey()), "-inf", "1000")).as("shard %d", e.getKey())
                    .contains(jobId);
            List<?> r = (List<?>) node.eval(lua("record.lua"), keys(jobId), List.of("9", "a", "0", "1", "{}", "b", "0",
                    "1", "{}", "c", "0", "1", "{}"));
            assertThat(r.get(6)).isEqualTo("join");
            assertThat(node.eval(lua("finish.lua"), List.of(RedisKeys.job(jobId), RedisKeys.results(jobId),
                    RedisKeys.items(jobId), RedisKeys.deadlinesOf(jobId)), List.of("SUCCEEDED", "{}", "10", "60", jobId, "")))
                    .isEqualTo(1L);
            assertThat(node.hget(RedisKeys.job(jobId), "state")).isEqualTo("SUCCEEDED");
            assertThat(node.zrangeByScore(RedisKeys.deadlines(e.getKey()), "-inf", "+inf")).doesNotContain(jobId);
        }
        assertThat(used).as("masters holding shards").hasSize(3);
    }

    /**
     * The services' Redis client (Vert.x, as Quarkus configures it with {@code quarkus.redis.client-type=cluster})
     * routes every script by its keys; it refuses a pipelined batch across slots, which is why
     * {@code ConvoyStore} sends one batch per slot.
     */
    @Test
    void theServicesClientRunsScriptsOnTheClusterAndBatchesOnlyWithinOneSlot() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(vertx,
                    new io.vertx.redis.client.RedisOptions().setType(io.vertx.redis.client.RedisClientType.CLUSTER)
                            .addConnectionString("redis://127.0.0.1:" + masters.get(0).port()));
            String create = lua("create.lua");
            List<String> ids = new ArrayList<>();
            for (int n = 0; ids.size() < 12; n++) {
                ids.add("vertx-" + n);
            }
            for (String id : ids) {
                var r = client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.EVAL).arg(create).arg(2)
                        .arg(RedisKeys.job(id)).arg(RedisKeys.deadlinesOf(id)).arg(id).arg("p").arg(0).arg(1000).arg(1)
                        .arg(3).arg(0).arg(3600).arg("t")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(r.toString()).isEqualTo("created");
            }
            String seat = lua("seat.lua");
            String a = ids.get(0);
            String b = ids.stream().filter(id -> RedisKeys.shard(id) != RedisKeys.shard(a)
                    && JedisClusterCRC16.getSlot(RedisKeys.job(id)) != JedisClusterCRC16.getSlot(RedisKeys.job(a)))
                    .findFirst().orElseThrow();
            var sameSlot = client.batch(List.of(seatRequest(seat, a, "cv-x:0"), seatRequest(seat, a, "cv-x:0")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(sameSlot).hasSize(2);
            assertThatThrownBy(() -> client.batch(List.of(seatRequest(seat, a, "cv-y:0"), seatRequest(seat, b, "cv-y:1")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).hasMessageContaining("slot");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static io.vertx.redis.client.Request seatRequest(String seat, String jobId, String ref) {
        return io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.EVAL).arg(seat).arg(1)
                .arg(RedisKeys.job(jobId)).arg(ref);
    }
}
