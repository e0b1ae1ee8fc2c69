package io.braid.gateway.openapi;

/**
 * The names of the OpenAPI document's shared parts, declared in this package's {@code package-info.java}: the API key
 * scheme, the tags, the response headers and the problem responses, for the resources' {@code ref}s.
 */
public final class ApiDocument {
    /** The security scheme: {@code Authorization: Bearer <api key>}. */
    public static final String API_KEY = "apiKey";
    public static final String PIPELINES = "pipelines";
    public static final String JOBS = "jobs";
    public static final String POOLS = "pools";
    public static final String INFERENCE = "inference (Open Inference Protocol v2)";

    public static final String RETRY_AFTER = "Retry-After";
    public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    public static final String RATE_LIMIT = "RateLimit";
    public static final String LOCATION = "Location";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String TOO_LARGE = "ContentTooLarge";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";
    public static final String UNAVAILABLE = "ServiceUnavailable";
    public static final String SERVER_ERROR = "InternalServerError";

    private ApiDocument() {
    }
}
