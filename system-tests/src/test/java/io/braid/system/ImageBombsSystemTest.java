package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pixel and memory bombs: sizes are read from image headers before any decode, at the gateway and
 * again in pre-processing, and one item's failure never fails the other items of its task record.
 */
class ImageBombsSystemTest {
    private static final Set<String> BRANCHES = Set.of("mlp", "cnn", "lenet");
    private static Api api;
    private static Map<String, byte[]> digits;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        digits = HeldOutDigits.load(Stack.repoRoot());
    }

    @Test
    void aPngDeclaring20000x20000PixelsIsRefusedAtSubmitWith400NamingTheInputItsSizeAndTheLimit() {
        byte[] bomb = Pngs.bomb(20_000, 20_000);
        assertThat(bomb.length).isLessThan(600_000);
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("good", digits.values().iterator().next());
        images.put("bomb", bomb);
        long t0 = System.nanoTime();
        Api.Reply reply = api.submit("digits", Api.jobBody(images), "");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused from the header, nothing decoded")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("detail").asText()).contains("inputs[1]", "'bomb'", "20000x20000",
                "400000000 pixels", "8192 on a side", "16777216 pixels", "braid.images.max-pixels");
    }

    @Test
    void anImageUnderTheSideLimitButOverThePixelLimitIsRefusedAtSubmitToo() {
        Api.Reply reply = api.submit("digits", Api.jobBody(Map.of("rgb", Pngs.bomb(8000, 8000))), "");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.body().path("detail").asText()).contains("'rgb'", "8000x8000", "64000000 pixels");
    }

    @Test
    void bombsAndABrokenImageMixedWithGoodImagesInOneRecordFailAloneAndTheGoodImagesSucceed() throws Exception {
        List<ServiceProcess> services = Stack.get().services();
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach(s -> pids.put(s.name(), s.pid()));
        // 2000x2000 passes the gateway (4 Mpx < 16 Mpx) but is over the stages' pixel budget (Stack.PIXEL_BUDGET)
        byte[] bomb = Pngs.bomb(2000, 2000);
        Map<String, byte[]> images = new LinkedHashMap<>();
        List<String> good = digits.keySet().stream().limit(4).toList();
        images.put(good.get(0), digits.get(good.get(0)));
        images.put("bomb-1", bomb);
        images.put(good.get(1), digits.get(good.get(1)));
        images.put("bomb-2", bomb);
        images.put("broken", Pngs.corrupt(28, 28));
        images.put(good.get(2), digits.get(good.get(2)));
        images.put("bomb-3", bomb);
        images.put(good.get(3), digits.get(good.get(3)));
        // eight items: one task record (itemsPerTask 32), so every item shares its record with the bombs
        Api.Reply accepted = api.submit("digits", Api.jobBody(images), "");
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        JsonNode job = api.awaitTerminal(accepted.body().path("jobId").asText(), Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).as(job.toString()).isIn("PARTIAL", "FAILED");

        Map<String, JsonNode> items = new LinkedHashMap<>();
        job.path("result").path("items").forEach(item -> items.put(item.path("id").asText(), item));
        assertThat(items.keySet()).containsExactlyInAnyOrderElementsOf(images.keySet());
        for (String id : good) {
            JsonNode item = items.get(id);
            for (String branch : BRANCHES) {
                assertThat(item.path("branches").path(branch).path("status").asText()).as(id + " " + branch + ": " + item)
                        .isEqualTo("ok");
            }
            assertThat(item.path("output").path("label").asText()).as(id).isEqualTo(HeldOutDigits.label(id));
        }
        for (String id : List.of("bomb-1", "bomb-2", "bomb-3")) {
            for (String branch : BRANCHES) {
                JsonNode b = items.get(id).path("branches").path(branch);
                assertThat(b.path("status").asText()).as(id + " " + branch + ": " + b).isEqualTo("error");
                assertThat(b.path("error").path("code").asText()).isEqualTo("TOO_LARGE");
                assertThat(b.path("error").path("stage").asText()).isEqualTo("preprocess");
                assertThat(b.path("error").path("message").asText()).contains("4000000 pixels", "pixel-budget");
                assertThat(b.path("attempts").asInt()).as("never retried").isEqualTo(1);
            }
        }
        for (String branch : BRANCHES) {
            JsonNode b = items.get("broken").path("branches").path(branch);
            assertThat(b.path("status").asText()).as("broken " + branch + ": " + b).isEqualTo("error");
            assertThat(b.path("error").path("code").asText()).isEqualTo("BAD_INPUT");
        }
        for (ServiceProcess s : Stack.get().services()) {
            assertThat(s.isAlive()).as(s.name() + " is still running").isTrue();
            assertThat(s.pid()).as(s.name() + " was not restarted").isEqualTo(pids.get(s.name()));
        }
    }
}
