package io.braid.gateway.testing;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests as a tenant's client makes them, and what every refusal must look like. */
public final class Api {
    /** A real PNG (a held-out digit of the demo repository), base64 as a client sends it. */
    public static final String IMAGE = image();

    private Api() {
    }

    /** A request with {@code Authorization: Bearer <key>}. */
    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    /** A submit body of {@code items} images with ids {@code item-0}, {@code item-1}, ... */
    public static String job(int items) {
        return jobWith(items, "");
    }

    /** As {@link #job(int)}, with more top-level members ({@code "priority": 3}, ...) before {@code inputs}. */
    public static String jobWith(int items, String members) {
        String inputs = IntStream.range(0, items).mapToObj(i -> "{\"id\":\"item-" + i + "\",\"image\":\"" + IMAGE + "\"}")
                .collect(Collectors.joining(","));
        return "{" + (members.isEmpty() ? "" : members + ",") + "\"inputs\":[" + inputs + "]}";
    }

    /**
     * Submits {@code body} to {@code pipeline} as the tenant of {@code key}. The body goes as bytes: given a
     * string, REST Assured takes seconds over deeply nested JSON before sending it.
     */
    public static Response submit(String key, String pipeline, String body) {
        return as(key).contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/pipelines/{p}/jobs", pipeline);
    }

    /** Submits and expects 202; returns the job id. */
    public static String accepted(String key, String pipeline, String body) {
        Response r = submit(key, pipeline, body);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        return r.jsonPath().getString("jobId");
    }

    /**
     * An RFC 9457 problem: the status, {@code application/problem+json}, and the members {@code type},
     * {@code title}, {@code status} and a {@code detail} that contains {@code detailPart}.
     */
    public static void assertProblem(Response r, int status, String title, String detailPart) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).isEqualTo("about:blank");
        assertThat(r.jsonPath().getString("title")).isEqualTo(title);
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("detail")).contains(detailPart);
    }

    private static String image() {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("../models/digits-heldout/0_000.png")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
