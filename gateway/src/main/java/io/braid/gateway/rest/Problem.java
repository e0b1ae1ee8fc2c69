package io.braid.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The RFC 9457 problem document. On the Open Inference Protocol v2 paths ({@code /v2/...}) it also carries the
 * protocol's error member, {@code error} (the detail again), which Triton and KServe clients read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "An RFC 9457 problem (application/problem+json). Braid uses one problem type, "
        + "about:blank: the status and its title say what kind of problem it is (400 Bad Request, 401 Unauthorized, "
        + "403 Forbidden, 404 Not Found, 409 Conflict, 413 Content Too Large, 429 Too Many Requests, 503 Service "
        + "Unavailable, 500 Internal Server Error, or another status's reason phrase), the detail what exactly was wrong.")
public record Problem(
        @Schema(required = true, enumeration = "about:blank", description = "the problem type") String type,
        @Schema(required = true, description = "the status's reason phrase, e.g. Not Found") String title,
        @Schema(required = true, minimum = "400", maximum = "599", description = "the HTTP status") int status,
        @Schema(description = "what was wrong, naming the field, parameter or setting") String detail,
        @Schema(description = "the request's path") String instance,
        @Schema(description = "on the Open Inference Protocol v2 paths only: the detail again, the protocol's error "
                + "member") String error) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance) {
        this(type, title, status, detail, instance, null);
    }
}
