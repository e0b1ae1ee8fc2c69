package io.braid.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends, a refusal is a 400 problem+json that names the field and what was wrong. */
class InputBoundsSystemTest {
    private static Api api;
    private static String image;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        image = Base64.getEncoder().encodeToString(HeldOutDigits.load(Stack.repoRoot()).values().iterator().next());
    }

    private static void assertProblem(Api.Reply reply, String detailPart) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("detail").asText()).contains(detailPart);
    }

    @Test
    void aPriorityThatIsNotANumberNamesTheField() {
        assertProblem(api.submit("digits", "{\"priority\":\"high\",\"inputs\":[{\"image\":\"" + image + "\"}]}", ""),
                "field 'priority' must be an integer");
    }

    @Test
    void anUnknownFieldIsRefusedByItsPathInsteadOfIgnored() {
        assertProblem(api.submit("digits", "{\"inputs\":[{\"image\":\"" + image + "\",\"idd\":\"x\"}]}", ""),
                "unknown field 'inputs[0].idd'");
        assertProblem(api.submit("digits", "{\"deadline\":5000,\"inputs\":[{\"image\":\"" + image + "\"}]}", ""),
                "unknown field 'deadline'");
    }

    @Test
    void anInputIdLongerThan256CharactersIsRefused() {
        String id = "x".repeat(257);
        assertProblem(api.submit("digits", "{\"inputs\":[{\"id\":\"" + id + "\",\"image\":\"" + image + "\"}]}", ""),
                "inputs[0].id is 257 characters; the limit is 256");
    }

    @Test
    void aPriorityOutsideZeroToNineIsRefusedNamingTheCeiling() {
        assertProblem(api.submit("digits", "{\"priority\":99,\"inputs\":[{\"image\":\"" + image + "\"}]}", ""),
                "priority must be 0 to 9");
        assertProblem(api.submit("digits", "{\"priority\":-1,\"inputs\":[{\"image\":\"" + image + "\"}]}", ""),
                "priority must be 0 to 9");
    }

    @Test
    void deeplyNestedJsonIsA400WithABody() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        Api.Reply reply = api.submit("digits", "{\"join\":" + nested + ",\"inputs\":[{\"image\":\"" + image + "\"}]}", "");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("detail").asText()).isNotBlank();
    }
}
