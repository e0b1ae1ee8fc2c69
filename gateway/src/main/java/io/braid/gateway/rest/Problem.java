package io.braid.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The RFC 9457 problem document. On the Open Inference Protocol v2 paths ({@code /v2/...}) it also carries the
 * protocol's error member, {@code error} (the detail again), which Triton and KServe clients read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String error) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance) {
        this(type, title, status, detail, instance, null);
    }
}
