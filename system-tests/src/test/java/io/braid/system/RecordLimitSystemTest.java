package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.RecordLimits;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One record limit, end to end ({@code braid.max-record-bytes}, {@link Stack#MAX_RECORD_BYTES} here):
 * a job at the limit passes the gateway, every topic and every stage; one byte more is 413 naming it.
 */
class RecordLimitSystemTest {
    private static Api api;
    private static Map.Entry<String, byte[]> digit;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        digit = HeldOutDigits.load(Stack.repoRoot()).entrySet().iterator().next();
    }

    /** A digit padded so that the job of this one input is exactly {@code recordBytes} bytes of record value. */
    private static byte[] imageForJobOf(long recordBytes) {
        JobRequest probe = new JobRequest(UUID.randomUUID().toString(), "digits",
                List.of(new JobItem("big", "image/png", new byte[0])), 0, 0, 0, null);
        return Pngs.padded(digit.getValue(), (int) (recordBytes - JobCodec.encodedSize(probe)));
    }

    @Test
    void aJobExactlyAtTheLimitIsAcceptedAndSucceedsThroughEveryTopic() throws Exception {
        int limit = RecordLimits.maxValueBytes(Stack.MAX_RECORD_BYTES);
        byte[] image = imageForJobOf(limit);
        assertThat(image.length).isGreaterThan(limit - 200);
        Api.Reply reply = api.submit("digits", Api.jobBody(Map.of("big", image)), "?wait=60");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        JsonNode job = reply.body();
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode item = job.path("result").path("items").get(0);
        assertThat(item.path("output").path("label").asText()).isEqualTo(HeldOutDigits.label(digit.getKey()));
    }

    @Test
    void aJobOneByteOverTheLimitIs413WithProblemJsonNamingTheLimit() {
        int limit = RecordLimits.maxValueBytes(Stack.MAX_RECORD_BYTES);
        Api.Reply reply = api.submit("digits", Api.jobBody(Map.of("big", imageForJobOf(limit + 1L))), "");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("detail").asText()).contains("record of " + (limit + 1) + " bytes",
                "at most " + limit + " bytes", "braid.max-record-bytes=" + Stack.MAX_RECORD_BYTES);
    }

    @Test
    void everyTopicTakesRecordsAsLargeAsTheProducersMaySend() throws Exception {
        DevStack stack = Stack.get();
        for (String topic : stack.topics()) {
            assertThat(stack.kafka().topicConfig(topic, "max.message.bytes")).as(topic)
                    .isEqualTo(Integer.toString(Stack.MAX_RECORD_BYTES));
        }
    }
}
