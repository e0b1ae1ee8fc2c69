package io.braid.gateway;

import io.braid.gateway.testing.RedisAndTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is served on the API port without a key, and describes every operation with a summary
 * and its problems, on {@code /v1} and {@code /v2} (system-tests' OpenApiConformanceSystemTest checks real answers against it).
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class OpenApiDocumentTest {

    @Test
    void theDocumentAndSwaggerUiAreOnTheApiPortWithoutAKey() {
        given().get("/q/openapi?format=json").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasASummaryAndDocumentsItsProblemsAsProblemJson() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths).isNotEmpty();
        Map<String, Map<String, Object>> shared = doc.getMap("components.responses");
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var method : path.getValue().entrySet()) {
                String op = method.getKey() + " " + path.getKey();
                Map<String, Object> operation = (Map<String, Object>) method.getValue();
                assertThat((String) operation.get("summary")).as(op).isNotBlank();
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                assertThat(responses).as(op).containsKeys("401", "500");
                responses.forEach((status, response) -> {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        String ref = (String) response.get("$ref");
                        Map<String, Object> resolved = ref == null ? response
                                : shared.get(ref.substring(ref.lastIndexOf('/') + 1));
                        assertThat(resolved).as(op + " " + status).isNotNull();
                        assertThat((Map<String, Object>) resolved.get("content")).as(op + " " + status)
                                .containsOnlyKeys("application/problem+json");
                    }
                });
                operations++;
            }
        }
        assertThat(operations).as("seven /v1 operations and nine /v2 ones").isEqualTo(16);
    }
}
