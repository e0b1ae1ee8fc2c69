package io.braid.system;

import io.braid.common.job.RedisKeys;
import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import io.braid.devstack.BundledRedis;
import io.braid.dispatcher.join.JoinDecision;
import io.braid.dispatcher.join.JoinDecision.Synthesis;
import io.braid.dispatcher.join.JoinRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.braid.system.FanInScriptsContract.lua;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesis and plan answers of the fan-in scripts on a real Redis: record.lua asks for an item's synthesis
 * exactly when {@link JoinDecision#synthesizeItem} says (again on a redelivery of the deciding outcome while the
 * synthesis is out), counts the item decided on its {@code _synthesis} outcome and joins exactly once; a plan job
 * asks for its subtasks on an ok {@code _plan} outcome, plan.lua expands it once, and a job-level synthesis follows
 * the last item.
 */
class FanInScriptsSynthesisTest {
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

    static List<String> keys(String jobId) {
        return List.of(RedisKeys.job(jobId), RedisKeys.results(jobId), RedisKeys.items(jobId), RedisKeys.events(jobId),
                RedisKeys.tree(jobId));
    }

    /** A QUEUED job (create.lua), then started with its synthesis mode, plan flag and inputs. */
    static void start(String jobId, int items, JoinRule rule, Synthesis synthesis, boolean plan, String... inputs)
            throws IOException {
        String job = RedisKeys.job(jobId);
        jedis.eval(lua("create.lua"), List.of(job, RedisKeys.deadlinesOf(jobId)),
                List.of(jobId, "p", "0", "100000", plan ? "1" : Integer.toString(items), "3", "0", "3600", "t"));
        List<String> args = new ArrayList<>(List.of("1", plan ? "0" : Integer.toString(items), "3",
                Integer.toString(rule.need()), Integer.toString(rule.tolerate()), "[]", "PARTIAL", synthesis.field(),
                plan ? "1" : ""));
        args.addAll(List.of(inputs));
        assertThat(jedis.eval(lua("start.lua"), List.of(job, RedisKeys.events(jobId), RedisKeys.inputs(jobId)), args))
                .isEqualTo("started");
    }

    /** Records one outcome; its {verdict, item state, still running}. */
    @SuppressWarnings("unchecked")
    static List<Object> record(String jobId, int item, String branch, boolean ok) throws IOException {
        return (List<Object>) jedis.eval(lua("record.lua"), keys(jobId), List.of("9", jobId + "/" + item + "/" + branch,
                Integer.toString(item), ok ? "ok" : "error", "{}"));
    }

    private record Outcome(int item, String branch, boolean ok) {
    }

    @Test
    void anItemIsSynthesizedOnceWhenTheJavaRuleSaysAndTheJobJoinsOnceAfterTheLastSynthesis() throws IOException {
        Random random = new Random(11);
        int jobs = 0;
        for (JoinPolicy policy : JoinPolicy.values()) {
            for (int trial = 0; trial < 30; trial++) {
                int items = 1 + random.nextInt(3);
                JoinRule rule = JoinRule.of(new JoinSpec(policy, 2, trial % 3 - 1, 1000, OnTimeout.PARTIAL), 3);
                String jobId = "synth-" + (jobs++);
                start(jobId, items, rule, Synthesis.ITEM, false);
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    for (String b : List.of("a", "b", "c")) {
                        outcomes.add(new Outcome(i, b, random.nextDouble() < 0.6));
                    }
                }
                Collections.shuffle(outcomes, random);
                replay(jobId, rule, items, outcomes, random);
            }
        }
    }

    private void replay(String jobId, JoinRule rule, int items, List<Outcome> outcomes, Random random) throws IOException {
        int[] ok = new int[items];
        int[] failed = new int[items];
        boolean[] counted = new boolean[items];
        List<Integer> awaiting = new ArrayList<>();
        Outcome[] deciding = new Outcome[items];
        int joins = 0;
        for (Outcome o : outcomes) {
            boolean wasDecided = JoinDecision.item(rule, ok[o.item()], failed[o.item()]).decided();
            if (!wasDecided) {
                if (o.ok()) {
                    ok[o.item()]++;
                } else {
                    failed[o.item()]++;
                }
            }
            List<Object> r = record(jobId, o.item(), o.branch(), o.ok());
            boolean decidesNow = !wasDecided && JoinDecision.item(rule, ok[o.item()], failed[o.item()]).decided();
            if (decidesNow && JoinDecision.synthesizeItem(Synthesis.ITEM, ok[o.item()])) {
                assertThat(r.get(0)).as("%s decides item %d with %d ok", o, o.item(), ok[o.item()]).isEqualTo("synthesize");
                assertThat(record(jobId, o.item(), o.branch(), o.ok()).get(0)).as("a redelivered deciding outcome")
                        .isEqualTo("synthesize");
                awaiting.add(o.item());
                deciding[o.item()] = o;
            } else if (decidesNow) {
                counted[o.item()] = true;
                joins += r.get(0).equals("join") ? 1 : 0;
                assertThat(r.get(0)).isIn("decided", "join");
            } else {
                assertThat(r.get(0)).isIn("recorded", "late");
            }
            // some of the awaited syntheses arrive between the branch outcomes
            while (!awaiting.isEmpty() && random.nextBoolean()) {
                joins += synthesize(jobId, awaiting.remove(random.nextInt(awaiting.size())), counted, deciding);
            }
        }
        while (!awaiting.isEmpty()) {
            joins += synthesize(jobId, awaiting.remove(0), counted, deciding);
        }
        assertThat(joins).as("joins of %s", jobId).isEqualTo(1);
        assertThat(jedis.hget(RedisKeys.job(jobId), "state")).isEqualTo("JOINING");
    }

    private int synthesize(String jobId, int item, boolean[] counted, Outcome[] deciding) throws IOException {
        counted[item] = true;
        boolean last = true;
        for (boolean c : counted) {
            last &= c;
        }
        List<Object> r = record(jobId, item, "_synthesis", true);
        assertThat(r.get(0)).isEqualTo(last ? "join" : "decided");
        if (!last) {
            Outcome o = deciding[item];
            assertThat(record(jobId, item, o.branch(), o.ok()).get(0)).as("redelivered after the synthesis")
                    .isEqualTo("duplicate");
            assertThat(record(jobId, item, "_synthesis", true).get(0)).isEqualTo("duplicate");
        }
        return r.get(0).equals("join") ? 1 : 0;
    }

    @Test
    void anItemWithoutAnOkBranchCountsAtOnceAndSystemOutcomesDoNotCountAsBranchOutcomes() throws IOException {
        JoinRule all = JoinRule.of(new JoinSpec(JoinPolicy.ALL, 1, 3, 1000, OnTimeout.PARTIAL), 3);
        start("nothing-to-merge", 2, all, Synthesis.ITEM, false, "0", "first", "1", "second");
        assertThat(jedis.hgetAll(RedisKeys.inputs("nothing-to-merge"))).containsEntry("0", "first").containsEntry("1", "second");
        assertThat(jedis.pttl(RedisKeys.inputs("nothing-to-merge"))).as("the inputs expire with the job").isPositive();
        record("nothing-to-merge", 0, "a", false);
        record("nothing-to-merge", 0, "b", false);
        assertThat(record("nothing-to-merge", 0, "c", false)).containsExactly("decided", "DEGRADED", 0L);
        record("nothing-to-merge", 1, "a", true);
        record("nothing-to-merge", 1, "b", false);
        assertThat(record("nothing-to-merge", 1, "c", true)).containsExactly("synthesize", "DEGRADED", 0L);
        assertThat(record("nothing-to-merge", 1, "_synthesis", false)).as("a failed synthesis counts the item too")
                .containsExactly("join", "DEGRADED", 0L);
        assertThat(jedis.hget(RedisKeys.job("nothing-to-merge"), "done")).isEqualTo("6");
        assertThat(jedis.hget(RedisKeys.tree("nothing-to-merge"), "1:_synthesis")).startsWith("joined@");
    }

    @Test
    void aPlanJobAsksForItsSubtasksUntilPlanLuaExpandsItOnceThenItsSynthesisFollowsTheLastItem() throws IOException {
        JoinRule first = JoinRule.of(new JoinSpec(JoinPolicy.FIRST, 1, -1, 1000, OnTimeout.PARTIAL), 3);
        String id = "planned";
        start(id, 0, first, Synthesis.JOB, true, "job", "split me");
        assertThat(jedis.hmget(RedisKeys.job(id), "items", "admitted", "plan", "synth")).containsExactly("0", "1", "1", "job");
        assertThat(record(id, 0, "_plan", true)).containsExactly("plan", "", 0L);
        assertThat(record(id, 0, "_plan", true)).as("redelivered before the expansion").containsExactly("plan", "", 0L);
        List<String> expand = List.of(RedisKeys.job(id), RedisKeys.inputs(id), RedisKeys.events(id));
        List<String> args = List.of("10", "[\"subtask-0\",\"subtask-1\"]", "x", "y");
        assertThat(jedis.eval(lua("plan.lua"), expand, args)).isEqualTo("planned");
        assertThat(jedis.eval(lua("plan.lua"), expand, args)).isEqualTo("again");
        assertThat(jedis.hmget(RedisKeys.job(id), "items", "ids", "planned", "admitted"))
                .containsExactly("2", "[\"subtask-0\",\"subtask-1\"]", "2", "1");
        assertThat(jedis.hgetAll(RedisKeys.inputs(id))).containsEntry("0", "x").containsEntry("1", "y")
                .containsEntry("job", "split me");
        assertThat(record(id, 0, "_plan", true).get(0)).as("redelivered after the expansion").isEqualTo("duplicate");

        assertThat(record(id, 0, "a", true)).containsExactly("decided", "SUCCEEDED", 2L);
        assertThat(record(id, 1, "b", true)).as("the last item asks for the job's synthesis")
                .containsExactly("synthesize", "SUCCEEDED", 4L);
        assertThat(record(id, 1, "b", true)).as("redelivered").containsExactly("synthesize", "", 0L);
        assertThat(record(id, 1, "c", true).get(0)).isEqualTo("recorded");
        assertThat(record(id, 0, "_synthesis", true)).containsExactly("join", "", 3L);
        assertThat(jedis.hget(RedisKeys.job(id), "state")).isEqualTo("JOINING");

        List<String> finish = List.of(RedisKeys.job(id), RedisKeys.results(id), RedisKeys.items(id),
                RedisKeys.deadlinesOf(id), RedisKeys.events(id), RedisKeys.tree(id), RedisKeys.inputs(id));
        assertThat(jedis.eval(lua("finish.lua"), finish, List.of("SUCCEEDED", "{}", "20", "60", id, ""))).isEqualTo(1L);
        assertThat(jedis.exists(RedisKeys.inputs(id))).as("a finished job keeps no inputs").isFalse();
    }

    @Test
    void aFailedPlanJoinsTheJobAtOnceAndAPlanJobWithoutOkItemsJoinsWithoutSynthesis() throws IOException {
        JoinRule all = JoinRule.of(new JoinSpec(JoinPolicy.ALL, 1, -1, 1000, OnTimeout.PARTIAL), 3);
        start("plan-failed", 0, all, Synthesis.JOB, true, "job", "x");
        assertThat(record("plan-failed", 0, "_plan", false)).containsExactly("join", "", 0L);
        assertThat(jedis.hget(RedisKeys.job("plan-failed"), "state")).isEqualTo("JOINING");

        start("all-failed", 0, all, Synthesis.JOB, true, "job", "x");
        record("all-failed", 0, "_plan", true);
        jedis.eval(lua("plan.lua"), List.of(RedisKeys.job("all-failed"), RedisKeys.inputs("all-failed")),
                List.of("10", "[\"subtask-0\"]", "only"));
        assertThat(record("all-failed", 0, "a", false)).containsExactly("join", "FAILED", 2L);
    }
}
