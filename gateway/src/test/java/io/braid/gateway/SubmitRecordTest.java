package io.braid.gateway;

import io.braid.common.job.RedisKeys;
import io.braid.common.wire.Headers;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.Sinks;
import io.braid.gateway.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.braid.gateway.testing.TestTenants.TEAM_B;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An accepted job is stored QUEUED in Redis and handed to the dispatcher on {@code braid.jobs} before the
 * client hears 202: keyed by job id, with the headers and the {@code JobCodec} payload of docs/architecture.md.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class SubmitRecordTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;

    private static String header(OutgoingKafkaRecordMetadata<?> meta, String name) {
        Header h = meta.getHeaders().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void a202NamesTheJobAndItsLocation() {
        Response r = Api.submit(TEAM_B_KEY, "digits", Api.job(1));
        assertThat(r.statusCode()).isEqualTo(202);
        String job = r.jsonPath().getString("jobId");
        assertThat(r.jsonPath().getString("status")).isEqualTo("QUEUED");
        assertThat(r.header("Location")).endsWith("/v1/jobs/" + job);
        assertThat(r.jsonPath().getString("traceId")).matches("[0-9a-f]{32}");
    }

    @Test
    void theJobRecordCarriesTheJobItsKeyAndHeaders() {
        long now = clock.millis();
        Response r = Api.submit(TEAM_B_KEY, "digits", Api.jobWith(2, "\"priority\":3,\"deadlineMs\":5000"));
        assertThat(r.statusCode()).isEqualTo(202);
        String job = r.jsonPath().getString("jobId");

        Message<byte[]> record = Sinks.jobRecord(connector, job);
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> meta = record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getKey()).isEqualTo(job);
        assertThat(header(meta, Headers.JOB_ID)).isEqualTo(job);
        assertThat(header(meta, Headers.PIPELINE)).isEqualTo("digits");
        assertThat(header(meta, Headers.DEADLINE)).isEqualTo(Long.toString(now + 5000));
        assertThat(header(meta, Headers.TRACEPARENT))
                .matches("00-" + r.jsonPath().getString("traceId") + "-[0-9a-f]{16}-0[01]");

        JobRequest sent = JobCodec.decode(record.getPayload());
        assertThat(sent.jobId()).isEqualTo(job);
        assertThat(sent.pipeline()).isEqualTo("digits");
        assertThat(sent.priority()).isEqualTo(3);
        assertThat(sent.submittedAtMs()).isEqualTo(now);
        assertThat(sent.deadlineEpochMs()).isEqualTo(now + 5000);
        assertThat(sent.items()).extracting(JobItem::id).containsExactly("item-0", "item-1");
        assertThat(sent.items()).extracting(JobItem::contentType).containsOnly("image/png");
        assertThat(sent.items().get(0).data()).isEqualTo(Base64.getDecoder().decode(Api.IMAGE));
    }

    @Test
    void theJobIsStoredQueuedForItsTenantBeforeThe202() {
        long now = clock.millis();
        String job = Api.accepted(TEAM_B_KEY, "digits", Api.job(2));
        Map<String, String> hash = redis.hash(String.class).hgetall(RedisKeys.job(job));
        assertThat(hash).containsEntry("state", "QUEUED").containsEntry("tenant", TEAM_B)
                .containsEntry("pipeline", "digits").containsEntry("items", "2").containsEntry("branches", "3")
                .containsEntry("submittedAt", Long.toString(now))
                .containsEntry("deadline", Long.toString(now + 30_000));
        assertThat(redis.sortedSet(String.class).zscore(RedisKeys.deadlinesOf(job), job).getAsDouble())
                .isEqualTo(now + 30_000.0);
        Response view = Api.as(TEAM_B_KEY).get("/v1/jobs/{id}", job);
        assertThat(view.jsonPath().getString("status")).isEqualTo("QUEUED");
        assertThat(view.jsonPath().getLong("timings.deadline")).isEqualTo(now + 30_000);
    }

    @Test
    void aDeadlineAboveTheServersMaximumIsCappedToIt() {
        long now = clock.millis();
        String job = Api.accepted(TEAM_B_KEY, "digits", Api.jobWith(1, "\"deadlineMs\":86400000"));
        JobRequest sent = JobCodec.decode(Sinks.jobRecord(connector, job).getPayload());
        assertThat(sent.deadlineEpochMs()).as("braid.gateway.max-deadline PT5M").isEqualTo(now + 300_000);
    }
}
