package io.braid.gateway.mapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** {@code GET /v1/pipelines}: the pipelines the caller's tenant may use. */
@Schema(description = "The pipelines the caller's tenant may use.")
public record PipelineList(@Schema(required = true) List<PipelineView> pipelines) {
}
