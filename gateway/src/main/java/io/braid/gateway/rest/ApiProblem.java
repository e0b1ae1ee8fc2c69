package io.braid.gateway.rest;

import java.time.Duration;

/**
 * A client-visible error, rendered as RFC 9457 {@code application/problem+json}; a refusal that the
 * client may retry carries the {@code Retry-After} it should wait.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final Duration retryAfter;
    private final java.util.Map<String, String> headers;

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, null, java.util.Map.of());
    }

    private ApiProblem(int status, String title, String detail, Duration retryAfter,
                       java.util.Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
        this.headers = java.util.Map.copyOf(headers);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    /** 413: the request is larger than the job it makes may be. */
    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "Content Too Large", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    /** 503: the gateway cannot take this request now; the client should retry after {@code retryAfter}. */
    public static ApiProblem unavailable(String detail, Duration retryAfter) {
        return new ApiProblem(503, "Service Unavailable", detail, retryAfter, java.util.Map.of());
    }

    /** 429: the caller's tenant is over its quota; retry after {@code retryAfter}, with the RateLimit headers. */
    public static ApiProblem tooManyRequests(String detail, Duration retryAfter, java.util.Map<String, String> headers) {
        return new ApiProblem(429, "Too Many Requests", detail, retryAfter, headers);
    }

    /** Headers the answer carries besides Retry-After (e.g. RateLimit). */
    public java.util.Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Whole seconds to send in {@code Retry-After} (at least 1), or null when the error is final. */
    public Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
