package io.braid.gateway;

import io.braid.common.job.RedisKeys;
import io.braid.common.pool.PoolSnapshot;
import io.braid.common.wire.Json;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.DispatcherScripts;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.braid.gateway.testing.TestTenants.TEAM_A_KEY;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints the web console reads besides jobs and pipelines: {@code GET /v1/jobs}, a tenant's recent jobs
 * newest first, filtered by status and pipeline; {@code GET /v1/pools}, the pools' fresh reports combined.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class JobsListAndPoolsTest {
    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;

    private List<String> submitted(String key, int jobs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            clock.advance(Duration.ofMillis(5));
            ids.add(Api.accepted(key, "digits", Api.job(1)));
        }
        return ids;
    }

    private static List<String> listed(String key, String query) {
        Response r = Api.as(key).get("/v1/jobs" + query);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("jobs.jobId", String.class);
    }

    @Test
    void aTenantsListHoldsItsOwnJobsNewestFirstUpToTheLimit() {
        List<String> mine = submitted(TEAM_A_KEY, 3);
        List<String> theirs = submitted(TEAM_B_KEY, 1);
        assertThat(listed(TEAM_A_KEY, "?limit=3")).containsExactly(mine.get(2), mine.get(1), mine.get(0));
        assertThat(listed(TEAM_A_KEY, "?limit=500")).doesNotContain(theirs.get(0));
        assertThat(listed(TEAM_B_KEY, "?limit=500")).contains(theirs.get(0)).doesNotContainAnyElementsOf(mine);

        Response first = Api.as(TEAM_A_KEY).get("/v1/jobs?limit=1");
        assertThat(first.jsonPath().getString("jobs[0].pipeline")).isEqualTo("digits");
        assertThat(first.jsonPath().getString("jobs[0].status")).isEqualTo("QUEUED");
        assertThat(first.jsonPath().getInt("jobs[0].items")).isEqualTo(1);
        assertThat(first.jsonPath().getInt("jobs[0].branches")).isEqualTo(3);
        assertThat(first.jsonPath().getLong("jobs[0].submittedAt")).isPositive();
    }

    @Test
    void theStatusAndPipelineFiltersKeepOnlyMatchingJobs() {
        List<String> jobs = submitted(TEAM_A_KEY, 2);
        DispatcherScripts dispatcher = new DispatcherScripts(redis, clock);
        dispatcher.start(jobs.get(0), List.of("item-0"), 3);
        for (String branch : List.of("mlp", "cnn", "lenet")) {
            dispatcher.record(jobs.get(0), 0, branch, "ok");
        }
        dispatcher.finish(jobs.get(0), "SUCCEEDED");
        assertThat(listed(TEAM_A_KEY, "?status=succeeded&limit=500")).contains(jobs.get(0)).doesNotContain(jobs.get(1));
        assertThat(listed(TEAM_A_KEY, "?status=QUEUED,RUNNING&limit=500")).contains(jobs.get(1)).doesNotContain(jobs.get(0));
        assertThat(listed(TEAM_A_KEY, "?pipeline=digits-first&limit=500")).doesNotContainAnyElementsOf(jobs);
    }

    @Test
    void aJobWhoseRetentionPassedLeavesTheList() {
        List<String> jobs = submitted(TEAM_A_KEY, 2);
        redis.key().del(RedisKeys.job(jobs.get(1)));
        assertThat(listed(TEAM_A_KEY, "?limit=1")).containsExactly(jobs.get(0));
    }

    @Test
    void badQueriesAre400ProblemsNamingTheValue() {
        Api.assertProblem(Api.as(TEAM_A_KEY).get("/v1/jobs?limit=501"), 400, "Bad Request", "limit must be 1 to 500, got 501");
        Api.assertProblem(Api.as(TEAM_A_KEY).get("/v1/jobs?status=DONE"), 400, "Bad Request",
                "status 'DONE' is not a job status; one or more of QUEUED, RUNNING, SUCCEEDED");
        Api.assertProblem(Api.as(TEAM_A_KEY).get("/v1/jobs?pipeline=nope"), 400, "Bad Request", "pipeline 'nope' does not exist");
        Api.assertProblem(given().get("/v1/jobs"), 401, "Unauthorized", "Authorization: Bearer <api key>");
        Api.assertProblem(given().get("/v1/pools"), 401, "Unauthorized", "Authorization: Bearer <api key>");
    }

    @Test
    void poolsCombineTheFreshReportsOfTheirProcessesAndListSilentPoolsEmpty() {
        long now = clock.millis();
        redis.hash(String.class).hset(RedisKeys.POOL_STATS, Map.of(
                PoolSnapshot.field("cpu-small", "digits-mlp", "a"), snapshot("cpu-small", "digits-mlp", "a", now - 1000, 3, 4.5),
                PoolSnapshot.field("cpu-small", "digits-mlp", "b"), snapshot("cpu-small", "digits-mlp", "b", now - 2000, 2, 1.5),
                PoolSnapshot.field("cpu-large", "heavy-cnn", "old"), snapshot("cpu-large", "heavy-cnn", "old", now - 60_000, 9, 9)));
        Response r = Api.as(TEAM_B_KEY).get("/v1/pools");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("pools.pool", String.class)).containsExactly("cpu-large", "cpu-small", "io-models");
        assertThat(r.jsonPath().getInt("pools.find { it.pool == 'cpu-large' }.processes")).isZero();
        assertThat(r.jsonPath().getInt("pools.find { it.pool == 'io-models' }.processes")).isZero();
        assertThat(r.jsonPath().getInt("pools.find { it.pool == 'cpu-small' }.processes")).isEqualTo(2);
        String mlp = "pools.find { it.pool == 'cpu-small' }.models.find { it.model == 'digits-mlp' }";
        assertThat(r.jsonPath().getInt(mlp + ".queueLength")).isEqualTo(5);
        assertThat(r.jsonPath().getInt(mlp + ".queueCapacity")).isEqualTo(2048);
        assertThat(r.jsonPath().getDouble(mlp + ".itemsPerSecond")).isEqualTo(6.0);
        assertThat(r.jsonPath().getLong(mlp + ".batches")).isEqualTo(20);
        assertThat(r.jsonPath().getList(mlp + ".batchSizes.count", Long.class)).containsExactly(2L, 16L, 2L, 0L);
        assertThat(r.jsonPath().getList("pools.find { it.pool == 'cpu-small' }.models.model", String.class))
                .contains("digits-mlp", "digits-cnn");
    }

    private static String snapshot(String pool, String model, String instance, long at, int queue, double rate) {
        return Json.writeString(new PoolSnapshot(pool, model, instance, at, queue, 1024, 1, 32, 10, 25, rate,
                PoolSnapshot.buckets(new double[]{1, 2, 4}, new double[]{1, 9, 10}, 10)));
    }
}
