package io.braid.gateway;

import io.braid.common.wire.ControlMessage;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.DispatcherScripts;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.Sinks;
import io.braid.gateway.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.braid.gateway.testing.TestTenants.TEAM_A_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE asks the dispatcher to cancel a job that has not finished (a CANCEL on {@code braid.control}); a
 * finished job does not change and the answer says so with 409.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class CancellationTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;

    @Test
    void deletingAQueuedJobSendsACancelAndAnswers202WhileTheDispatcherHasNotEndedIt() {
        long now = clock.millis();
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(1));
        Response r = Api.as(TEAM_A_KEY).delete("/v1/jobs/{id}", job);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(r.jsonPath().getString("jobId")).isEqualTo(job);
        assertThat(r.jsonPath().getString("status")).isEqualTo("QUEUED");
        assertThat(r.jsonPath().getBoolean("cancelRequested")).isTrue();
        assertThat(Sinks.controlMessages(connector, job))
                .containsExactly(ControlMessage.cancel(job, now + 300_000));
    }

    @Test
    void deletingAFinishedJobIs409AndSendsNothing() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(1));
        DispatcherScripts dispatcher = new DispatcherScripts(redis, clock);
        dispatcher.start(job, List.of("item-0"), 3);
        for (String branch : List.of("mlp", "cnn", "lenet")) {
            dispatcher.record(job, 0, branch, "ok");
        }
        dispatcher.finish(job, "SUCCEEDED");
        Api.assertProblem(Api.as(TEAM_A_KEY).delete("/v1/jobs/{id}", job), 409, "Conflict",
                "job '" + job + "' already finished SUCCEEDED; nothing was cancelled");
        assertThat(Sinks.controlMessages(connector, job)).isEmpty();
    }
}
