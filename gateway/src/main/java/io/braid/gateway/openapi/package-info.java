/**
 * The OpenAPI document's shared parts ({@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}): its info, the API key
 * scheme, the response headers and the problem responses (SmallRye OpenAPI reads {@code @OpenAPIDefinition} from a
 * package). The operations are described on the resources; {@link io.braid.gateway.openapi.ApiDocument} names the parts.
 */
@OpenAPIDefinition(
        info = @Info(title = "Braid API", version = "1",
                description = "Submit jobs of images to a pipeline of models, follow them (poll, wait or Server-Sent "
                        + "Events) and read their results. Every error is an RFC 9457 problem "
                        + "(application/problem+json). Health and metrics are not part of this API: they are served "
                        + "on each service's management port."),
        security = @SecurityRequirement(name = ApiDocument.API_KEY),
        tags = {
                @Tag(name = ApiDocument.PIPELINES, description = "The pipelines a tenant may submit to"),
                @Tag(name = ApiDocument.JOBS, description = "Submitting, reading, following and cancelling jobs"),
                @Tag(name = ApiDocument.POOLS, description = "The inference pools' queues, batches and throughput"),
                @Tag(name = ApiDocument.INFERENCE, description = "The KServe / Triton REST protocol: a pipeline, or a "
                        + "model served alone, as a model; every error also carries the protocol's 'error' member")
        },
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = ApiDocument.API_KEY,
                        type = SecuritySchemeType.HTTP, scheme = "bearer",
                        description = "Authorization: Bearer <api key>. The key names the tenant, whose pipelines, "
                                + "priority ceiling and quota apply; a missing or unknown key is 401."),
                headers = {
                        @Header(name = ApiDocument.RETRY_AFTER, description = "Whole seconds to wait before retrying",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                        @Header(name = ApiDocument.RATE_LIMIT_POLICY, description = "The tenant's quotas "
                                + "(draft-ietf-httpapi-ratelimit-headers), e.g. \"requests\";q=20;w=1, \"items\";q=200;w=1",
                                schema = @Schema(type = SchemaType.STRING)),
                        @Header(name = ApiDocument.RATE_LIMIT, description = "What is left of each quota now "
                                + "and seconds until it suffices (draft-ietf-httpapi-ratelimit-headers), e.g. "
                                + "\"requests\";r=3;t=1, \"items\";r=0;t=1",
                                schema = @Schema(type = SchemaType.STRING)),
                        @Header(name = ApiDocument.LOCATION, description = "The job: GET it to read it",
                                schema = @Schema(type = SchemaType.STRING, format = "uri")),
                        @Header(name = ApiDocument.WWW_AUTHENTICATE, description = "Bearer realm=\"braid\"",
                                schema = @Schema(type = SchemaType.STRING))
                },
                responses = {
                        @APIResponse(name = ApiDocument.BAD_REQUEST, description = "The request is not valid: the "
                                + "detail names the field or parameter and what is wrong",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.UNAUTHORIZED, description = "No API key, a malformed "
                                + "Authorization header, or an unknown key",
                                headers = @Header(name = ApiDocument.WWW_AUTHENTICATE, ref = ApiDocument.WWW_AUTHENTICATE),
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.FORBIDDEN, description = "The caller's tenant may not use "
                                + "this pipeline",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.NOT_FOUND, description = "No such pipeline or job (a job "
                                + "of another tenant, or one whose retention has passed, is not found either)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.CONFLICT, description = "The request conflicts with the "
                                + "job's state",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.TOO_LARGE, description = "The body, or the job it makes, "
                                + "is larger than one job may be (braid.max-record-bytes)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.TOO_MANY_REQUESTS, description = "The tenant is over its "
                                + "quota of items; retry after Retry-After",
                                headers = {
                                        @Header(name = ApiDocument.RETRY_AFTER, ref = ApiDocument.RETRY_AFTER),
                                        @Header(name = ApiDocument.RATE_LIMIT_POLICY, ref = ApiDocument.RATE_LIMIT_POLICY),
                                        @Header(name = ApiDocument.RATE_LIMIT, ref = ApiDocument.RATE_LIMIT)
                                },
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.UNAVAILABLE, description = "The gateway cannot take the "
                                + "request now (too many in flight, the job store or the broker away or slow); "
                                + "retry after Retry-After",
                                headers = @Header(name = ApiDocument.RETRY_AFTER, ref = ApiDocument.RETRY_AFTER),
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDocument.SERVER_ERROR, description = "A fault of the gateway",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class)))
                }))
package io.braid.gateway.openapi;

import io.braid.gateway.rest.Problem;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

