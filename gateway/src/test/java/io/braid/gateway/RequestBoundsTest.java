package io.braid.gateway;

import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;

/** Whatever a client sends, a refusal is a 400 problem+json whose detail names the field and what is wrong. */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class RequestBoundsTest {
    private static final String ONE_INPUT = "\"inputs\":[{\"id\":\"a\",\"image\":\"" + Api.IMAGE + "\"}]";

    private static void assertBadRequest(String body, String detailPart) {
        Api.assertProblem(Api.submit(TEAM_B_KEY, "digits", body), 400, "Bad Request", detailPart);
    }

    @Test
    void anUnknownTopLevelFieldIsRefusedByName() {
        assertBadRequest("{\"deadline\":5000," + ONE_INPUT + "}", "unknown field 'deadline'");
    }

    @Test
    void anUnknownFieldOfAnInputIsRefusedByItsPath() {
        assertBadRequest("{\"inputs\":[{\"image\":\"" + Api.IMAGE + "\",\"idd\":\"x\"}]}", "unknown field 'inputs[0].idd'");
    }

    @Test
    void anInputIdLongerThan256CharactersIsRefused() {
        assertBadRequest("{\"inputs\":[{\"id\":\"" + "x".repeat(257) + "\",\"image\":\"" + Api.IMAGE + "\"}]}",
                "inputs[0].id is 257 characters; the limit is 256");
    }

    @Test
    void anInputIdOf256CharactersIsAccepted() {
        Api.accepted(TEAM_B_KEY, "digits", "{\"inputs\":[{\"id\":\"" + "x".repeat(256) + "\",\"image\":\"" + Api.IMAGE
                + "\"}]}");
    }

    @Test
    void aPriorityThatIsAStringNamesTheField() {
        assertBadRequest("{\"priority\":\"high\"," + ONE_INPUT + "}", "field 'priority' must be an integer");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithAProblemBodyNamingTheField() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        assertBadRequest("{\"join\":" + nested + "," + ONE_INPUT + "}", "field 'join' must be an object");
    }

    @Test
    void jsonThatDoesNotParseIsRefused() {
        assertBadRequest("{\"inputs\": [", "request body is not valid JSON");
        assertBadRequest("{\"inputs\": nope}", "request body is not valid JSON");
    }

    @Test
    void aJobWithoutInputsIsRefused() {
        assertBadRequest("{\"inputs\":[]}", "'inputs' must be a non-empty array");
    }

    @Test
    void anImageThatIsNotBase64IsRefusedNamingTheInput() {
        assertBadRequest("{\"inputs\":[{\"id\":\"a\",\"image\":\"***\"}]}", "inputs[0].image is not valid base64");
    }

    @Test
    void twoInputsWithOneIdAreRefused() {
        assertBadRequest("{\"inputs\":[{\"id\":\"a\",\"image\":\"" + Api.IMAGE + "\"},{\"id\":\"a\",\"image\":\""
                + Api.IMAGE + "\"}]}", "inputs[1].id 'a' is used by another input");
    }
}
