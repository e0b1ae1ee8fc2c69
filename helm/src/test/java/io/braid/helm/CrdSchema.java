package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code openAPIV3Schema} of a CustomResourceDefinition kept in test resources, as a JSON Schema.
 *
 * <p>The API server prunes fields a structural schema does not declare; to catch them as errors
 * instead, every object schema that lists {@code properties} and neither {@code additionalProperties}
 * nor {@code x-kubernetes-preserve-unknown-fields} gets {@code additionalProperties: false}. The
 * {@code x-kubernetes-*} extensions carry no JSON Schema meaning and are dropped after that.
 */
final class CrdSchema {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final JsonSchema schema;

    private CrdSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /** Loads the first served version's schema of the CRD at {@code resource} (on the test classpath). */
    static CrdSchema load(String resource) {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            JsonNode crd = YAML.readTree(in);
            JsonNode openApi = crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
            if (!openApi.isObject()) {
                throw new IllegalStateException(resource + " has no spec.versions[0].schema.openAPIV3Schema");
            }
            JsonNode strict = tighten(openApi.deepCopy());
            return new CrdSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(strict));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validation messages; empty when the object conforms. */
    List<String> validate(JsonNode object) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(object)) {
            problems.add(m.getMessage());
        }
        return problems;
    }

    private static JsonNode tighten(JsonNode node) {
        if (node instanceof ObjectNode o) {
            boolean preserves = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (o.has("properties") && !o.has("additionalProperties") && !preserves) {
                o.set("additionalProperties", BooleanNode.FALSE);
            }
            List<String> extensions = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("x-kubernetes-")) {
                    extensions.add(e.getKey());
                } else if (!e.getKey().equals("enum") && !e.getKey().equals("required")) {
                    tighten(e.getValue());
                }
            }
            o.remove(extensions);
        } else if (node instanceof ArrayNode a) {
            a.forEach(CrdSchema::tighten);
        }
        return node;
    }
}
