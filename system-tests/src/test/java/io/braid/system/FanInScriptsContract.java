package io.braid.system;

import io.braid.common.job.RedisKeys;
import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import io.braid.dispatcher.join.ItemState;
import io.braid.dispatcher.join.JoinDecision;
import io.braid.dispatcher.join.JoinRule;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fan-in Lua scripts must do on any Redis, standalone or cluster: agree with the plain-Java
 * {@link JoinDecision} (for every policy and random outcome orders with duplicates, the script joins
 * exactly once, at the moment the Java rule says the last item got decided), never change a terminal
 * job, and keep each job's deadline in its shard's index. Every call goes to {@link #on} the server
 * that holds its first key's slot; Redis itself checks that the other keys share it.
 */
abstract class FanInScriptsContract {
    /** The connection to the server that holds {@code key}'s slot. */
    abstract Jedis on(String key);

    static String lua(String name) throws IOException {
        try (InputStream in = FanInScriptsTest.class.getResourceAsStream("/lua/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Outcome(int item, String branch, boolean ok) {
    }

    @Test
    void theRecordScriptJoinsExactlyOnceWhenTheJavaRuleDecidesTheLastItem() throws IOException {
        String create = lua("create.lua");
        String start = lua("start.lua");
        String record = lua("record.lua");
        Random random = new Random(42);
        int jobs = 0;
        for (JoinPolicy policy : JoinPolicy.values()) {
            for (int maxFailures : new int[]{-1, 0, 1}) {
                for (int trial = 0; trial < 40; trial++) {
                    int branches = 3;
                    int items = 1 + random.nextInt(3);
                    JoinRule rule = JoinRule.of(new JoinSpec(policy, 2, maxFailures, 1000, OnTimeout.PARTIAL), branches);
                    String jobId = "job-" + (jobs++);
                    String job = RedisKeys.job(jobId);
                    create(jobId, 1000, items);
                    assertThat(on(job).eval(start, List.of(job), List.of("1", Integer.toString(items), "3",
                            Integer.toString(rule.need()), Integer.toString(rule.tolerate()), "[]", "PARTIAL"))).isEqualTo("started");
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < items; i++) {
                        for (String b : List.of("a", "b", "c")) {
                            outcomes.add(new Outcome(i, b, random.nextDouble() < 0.7));
                        }
                    }
                    outcomes.addAll(outcomes.subList(0, random.nextInt(outcomes.size())));
                    Collections.shuffle(outcomes, random);
                    replay(record, jobId, rule, items, outcomes);
                }
            }
        }
    }

    @Test
    void recordingOutcomesInOneCallGivesTheVerdictsOfRecordingThemOneByOne() throws IOException {
        String record = lua("record.lua");
        Random random = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            int items = 1 + random.nextInt(4);
            JoinRule rule = JoinRule.of(new JoinSpec(JoinPolicy.values()[trial % 3], 2, trial % 2 - 1, 1000,
                    OnTimeout.PARTIAL), 3);
            List<String> args = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                for (String b : List.of("a", "b", "c")) {
                    args.addAll(List.of("t/" + i + "/" + b, Integer.toString(i), random.nextDouble() < 0.7 ? "1" : "0", "{}"));
                }
            }
            args.addAll(args.subList(0, 4 * random.nextInt(items * 3)));
            List<Object> oneByOne = new ArrayList<>();
            String single = started("single-" + trial, items, rule);
            for (int i = 0; i < args.size(); i += 4) {
                oneByOne.addAll((List<?>) on(RedisKeys.job(single)).eval(record, keys(single), concat("9", args.subList(i, i + 4))));
            }
            String batched = started("batched-" + trial, items, rule);
            assertThat((List<?>) on(RedisKeys.job(batched)).eval(record, keys(batched), concat("9", args))).as("trial %d", trial)
                    .isEqualTo(oneByOne);
            assertThat(on(RedisKeys.job(batched)).hgetAll(RedisKeys.job(batched)).get("state"))
                    .isEqualTo(on(RedisKeys.job(single)).hgetAll(RedisKeys.job(single)).get("state"));
        }
    }

    @Test
    void theJoiningCallLearnsHowManyOutcomesOfTheJobAreStillOut() throws IOException {
        String record = lua("record.lua");
        JoinRule quorum = JoinRule.of(new JoinSpec(JoinPolicy.QUORUM, 2, -1, 1000, OnTimeout.PARTIAL), 3);
        String early = started("joined-early", 1, quorum);
        List<Object> r = cast(on(RedisKeys.job(early)).eval(record, keys(early), List.of("9", "e/0/a", "0", "1", "{}", "e/0/b", "0", "1", "{}")));
        assertThat(r.subList(3, 6)).containsExactly("join", "SUCCEEDED", 1L);
        JoinRule all = JoinRule.of(new JoinSpec(JoinPolicy.ALL, 1, -1, 1000, OnTimeout.PARTIAL), 3);
        String complete = started("joined-complete", 1, all);
        r = cast(on(RedisKeys.job(complete)).eval(record, keys(complete), List.of("9", "c/0/a", "0", "1", "{}", "c/0/b", "0", "1", "{}",
                "c/0/c", "0", "1", "{}")));
        assertThat(r.subList(6, 9)).containsExactly("join", "SUCCEEDED", 0L);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cast(Object reply) {
        return (List<Object>) reply;
    }

    String started(String jobId, int items, JoinRule rule) throws IOException {
        String job = RedisKeys.job(jobId);
        create(jobId, 1000, items);
        on(job).eval(lua("start.lua"), List.of(job), List.of("1", Integer.toString(items), "3",
                Integer.toString(rule.need()), Integer.toString(rule.tolerate()), "[]", "PARTIAL"));
        return jobId;
    }

    static List<String> keys(String jobId) {
        return List.of(RedisKeys.job(jobId), RedisKeys.results(jobId), RedisKeys.items(jobId));
    }

    static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    private void replay(String record, String jobId, JoinRule rule, int items, List<Outcome> outcomes) {
        int[] ok = new int[items];
        int[] failed = new int[items];
        boolean[] seen = new boolean[items * 3];
        boolean joined = false;
        for (Outcome o : outcomes) {
            int slot = o.item() * 3 + "abc".indexOf(o.branch());
            boolean duplicate = seen[slot];
            seen[slot] = true;
            boolean wasDecided = JoinDecision.item(rule, ok[o.item()], failed[o.item()]).decided();
            boolean allDecidedBefore = allDecided(rule, ok, failed);
            if (!duplicate && !wasDecided && !allDecidedBefore) {
                if (o.ok()) {
                    ok[o.item()]++;
                } else {
                    failed[o.item()]++;
                }
            }
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) on(RedisKeys.job(jobId)).eval(record, List.of(RedisKeys.job(jobId), RedisKeys.results(jobId),
                    RedisKeys.items(jobId)), List.of("5", jobId + "/" + o.item() + "/" + o.branch(), Integer.toString(o.item()),
                    o.ok() ? "1" : "0", "{}"));
            String verdict = (String) r.get(0);
            boolean shouldJoin = !joined && !allDecidedBefore && allDecided(rule, ok, failed);
            if (joined || allDecidedBefore) {
                assertThat(verdict).as("after the join").isEqualTo("late");
            } else if (duplicate) {
                assertThat(verdict).isEqualTo("duplicate");
            } else {
                assertThat(verdict.equals("join")).as("join moment for %s at %s", rule, o).isEqualTo(shouldJoin);
            }
            joined |= verdict.equals("join");
            if (!duplicate && !wasDecided && JoinDecision.item(rule, ok[o.item()], failed[o.item()]).decided()
                    && !allDecidedBefore) {
                ItemState state = JoinDecision.item(rule, ok[o.item()], failed[o.item()]);
                assertThat(r.get(1)).isEqualTo(state.name());
            }
        }
        assertThat(joined).isEqualTo(allDecided(rule, ok, failed));
    }

    private static boolean allDecided(JoinRule rule, int[] ok, int[] failed) {
        for (int i = 0; i < ok.length; i++) {
            if (!JoinDecision.item(rule, ok[i], failed[i]).decided()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aTerminalJobNeverChangesAndOnlyOneClaimWins() throws IOException {
        String claim = lua("claim.lua");
        String finish = lua("finish.lua");
        String jobId = "claimed";
        String job = RedisKeys.job(jobId);
        create(jobId, 10, 1);
        assertThat(on(job).eval(claim, List.of(job), List.of("deadline", "100", "30000"))).isEqualTo("join");
        assertThat(on(job).eval(claim, List.of(job), List.of("cancelled", "101", "30000"))).isEqualTo("JOINING");
        List<String> keys = List.of(job, RedisKeys.results(jobId), RedisKeys.items(jobId), RedisKeys.deadlinesOf(jobId));
        assertThat(on(job).eval(finish, keys, List.of("EXPIRED", "", "102", "60", jobId, ""))).isEqualTo(1L);
        assertThat(on(job).eval(finish, keys, List.of("SUCCEEDED", "{}", "103", "60", jobId, ""))).isEqualTo(0L);
        assertThat(on(job).hget(job, "state")).isEqualTo("EXPIRED");
        assertThat(on(job).eval(claim, List.of(job), List.of("deadline", "200", "0"))).isEqualTo("EXPIRED");
        assertThat(on(job).zscore(RedisKeys.deadlinesOf(jobId), jobId)).isNull();
        assertThat(on(job).ttl(job)).isPositive();
    }

    @Test
    void anAbandonedJoinClaimIsRetakenAfterTheLease() throws IOException {
        String claim = lua("claim.lua");
        String job = RedisKeys.job("abandoned");
        create("abandoned", 10, 1);
        assertThat(on(job).eval(claim, List.of(job), List.of("deadline", "100", "1000"))).isEqualTo("join");
        assertThat(on(job).eval(claim, List.of(job), List.of("deadline", "900", "1000"))).isEqualTo("JOINING");
        assertThat(on(job).eval(claim, List.of(job), List.of("deadline", "1200", "1000"))).isEqualTo("retake");
    }

    /** Runs create.lua for a job of {@code items} items, three branches, due at {@code deadline}, unfinished TTL 1 h. */
    Object create(String jobId, long deadline, int items) throws IOException {
        return on(RedisKeys.job(jobId)).eval(lua("create.lua"), List.of(RedisKeys.job(jobId), RedisKeys.deadlinesOf(jobId)),
                List.of(jobId, "p", "0", Long.toString(deadline), Integer.toString(items), "3", "0", "3600", "t"));
    }

    /** Runs create.lua with an Idempotency-Key: the job id is the key's. */
    Object createWithKey(String key, String fingerprint) throws IOException {
        String jobId = RedisKeys.idempotentJobId(key);
        return on(RedisKeys.job(jobId)).eval(lua("create.lua"), List.of(RedisKeys.job(jobId), RedisKeys.deadlinesOf(jobId),
                RedisKeys.idempotency(key)), List.of(jobId, "p", "0", "5000", "1", "3", "0", "3600", "t", "", fingerprint, "600"));
    }

    @Test
    void theScriptThatCreatesAJobClaimsItsIdempotencyKeyAndASecondRequestReplaysIt() throws IOException {
        String jobId = RedisKeys.idempotentJobId("order-17");
        assertThat(createWithKey("order-17", "fp-a")).isEqualTo("created");
        assertThat(createWithKey("order-17", "fp-a")).isEqualTo("replay fp-a");
        assertThat(createWithKey("order-17", "fp-b")).as("a different request learns whose key it is").isEqualTo("replay fp-a");
        Jedis node = on(RedisKeys.job(jobId));
        assertThat(node.hget(RedisKeys.job(jobId), "state")).isEqualTo("QUEUED");
        assertThat(node.zscore(RedisKeys.deadlinesOf(jobId), jobId)).isEqualTo(5000.0);
        assertThat(node.ttl(RedisKeys.idempotency("order-17"))).isBetween(1L, 600L);
        node.del(RedisKeys.idempotency("order-17"));
        assertThat(createWithKey("order-17", "fp-c")).as("the key's retention passed, its job still answers for it")
                .isEqualTo("replay fp-a");
    }

    @Test
    void everyKeyOfAJobExpiresUnfinishedAfterItsGraceAndAFinishedJobIsItsHashAloneUntilTheRetention()
            throws IOException {
        JoinRule all = JoinRule.of(new JoinSpec(JoinPolicy.ALL, 1, -1, 1000, OnTimeout.PARTIAL), 3);
        String jobId = started("expiring", 2, all);
        Jedis node = on(RedisKeys.job(jobId));
        node.eval(lua("record.lua"), keys(jobId), List.of("9", "x/0/a", "0", "1", "{}"));
        for (String key : keys(jobId)) {
            assertThat(node.ttl(key)).as("unfinished %s", key).isBetween(3000L, 3600L);
        }
        assertThat(node.eval(lua("claim.lua"), List.of(RedisKeys.job(jobId)), List.of("deadline", "2000", "30000")))
                .isEqualTo("join");
        assertThat(node.eval(lua("finish.lua"), List.of(RedisKeys.job(jobId), RedisKeys.results(jobId),
                RedisKeys.items(jobId), RedisKeys.deadlinesOf(jobId)), List.of("PARTIAL", "{}", "2001", "60", jobId, "")))
                .isEqualTo(1L);
        assertThat(node.ttl(RedisKeys.job(jobId))).as("finished job hash").isBetween(1L, 60L);
        assertThat(node.exists(RedisKeys.results(jobId))).as("outcomes, now in the result").isFalse();
        assertThat(node.exists(RedisKeys.items(jobId))).as("item counts, now in the result").isFalse();
        assertThat(node.zscore(RedisKeys.deadlinesOf(jobId), jobId)).isNull();
    }

    @Test
    void aJobTheGatewayCouldNotEnqueueFailsAndLeavesItsShardsDeadlineIndex() throws IOException {
        create("not-enqueued", 1000, 1);
        Jedis node = on(RedisKeys.job("not-enqueued"));
        assertThat(node.eval(lua("fail-enqueue.lua"), List.of(RedisKeys.job("not-enqueued"),
                RedisKeys.deadlinesOf("not-enqueued")), List.of("not-enqueued", "5", "broker away", "60"))).isEqualTo(1L);
        assertThat(node.hget(RedisKeys.job("not-enqueued"), "state")).isEqualTo("FAILED");
        assertThat(node.zscore(RedisKeys.deadlinesOf("not-enqueued"), "not-enqueued")).isNull();
        assertThat(node.ttl(RedisKeys.job("not-enqueued"))).isBetween(1L, 60L);
    }

    @Test
    void aConvoySeatIsWrittenOnlyOnAJobThatStillExists() throws IOException {
        create("seated", 1000, 1);
        Jedis node = on(RedisKeys.job("seated"));
        assertThat(node.eval(lua("seat.lua"), List.of(RedisKeys.job("seated")), List.of("cv-1:0"))).isEqualTo(1L);
        assertThat(node.hget(RedisKeys.job("seated"), "convoy")).isEqualTo("cv-1:0");
        assertThat(node.ttl(RedisKeys.job("seated"))).as("the job keeps its expiry").isPositive();
        String gone = RedisKeys.job("expired-before-its-seat");
        assertThat(on(gone).eval(lua("seat.lua"), List.of(gone), List.of("cv-1:1"))).isEqualTo(0L);
        assertThat(on(gone).exists(gone)).isFalse();
    }

    @Test
    void aJobsEventsAndProgressTreeFollowItsOutcomesAndOnlyTheEventsOutliveTheJoin() throws IOException {
        String jobId = "progressed";
        String job = RedisKeys.job(jobId);
        String events = RedisKeys.events(jobId);
        String tree = RedisKeys.tree(jobId);
        create(jobId, 100_000, 1);
        assertThat(on(job).eval(lua("progress.lua"), List.of(job, tree), List.of("preprocess", "5", "0:a")))
                .as("a queued job gets no marks").isEqualTo(0L);
        on(job).eval(lua("start.lua"), List.of(job, events), List.of("1", "1", "3", "3", "3", "[\"x\"]", "PARTIAL"));
        String progress = lua("progress.lua");
        assertThat(on(job).eval(progress, List.of(job, tree), List.of("preprocess", "10", "0:a", "0:b"))).isEqualTo(2L);
        assertThat(on(job).eval(progress, List.of(job, tree), List.of("preprocess", "11", "0:a")))
                .as("a retry does not enter a stage twice").isEqualTo(0L);
        on(job).eval(progress, List.of(job, tree), List.of("batch", "20", "0:a"));
        List<String> keys = List.of(job, RedisKeys.results(jobId), RedisKeys.items(jobId), events, tree);
        String record = lua("record.lua");
        on(job).eval(record, keys, List.of("30", jobId + "/0/a", "0", "ok", "{}", jobId + "/0/b", "0", "timeout", "{}"));
        assertThat(on(job).hget(tree, "0:a")).isEqualTo("preprocess@10,batch@20,joined@30");
        assertThat(on(job).eval(progress, List.of(job, tree), List.of("postprocess", "31", "0:a")))
                .as("a joined cell stays joined").isEqualTo(0L);
        assertThat(on(job).hget(tree, "0:c")).isNull();
        List<Object> joined = cast(on(job).eval(record, keys, List.of("40", jobId + "/0/c", "0", "error", "{}")));
        assertThat(joined.get(0)).isEqualTo("join");

        List<String> names = new ArrayList<>();
        for (var entry : on(job).xrange(events, (redis.clients.jedis.StreamEntryID) null, null)) {
            var f = entry.getFields();
            names.add(f.get("e") + ":" + f.getOrDefault("b", "") + ":" + f.getOrDefault("s", ""));
        }
        assertThat(names).containsExactly("status::RUNNING", "branch:a:ok", "branch:b:timeout", "branch:c:error",
                "item::DEGRADED");
        assertThat(on(job).pttl(events)).as("the events expire with the job").isPositive();

        assertThat(on(job).eval(lua("finish.lua"), List.of(job, RedisKeys.results(jobId), RedisKeys.items(jobId),
                RedisKeys.deadlinesOf(jobId), events, tree), List.of("PARTIAL", "{}", "50", "600", jobId, ""))).isEqualTo(1L);
        assertThat(on(job).exists(tree)).as("a finished job has no tree").isFalse();
        assertThat(on(job).xrevrange(events, (redis.clients.jedis.StreamEntryID) null, null, 1).get(0).getFields())
                .containsEntry("e", "end");
        assertThat(on(job).ttl(events)).as("the events last as long as the finished job").isBetween(590L, 600L);
    }
}
