package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI document a gateway serves at {@code /q/openapi}, and what real answers break of it. Its schemas are
 * read strictly: an object schema that lists properties admits no others, so a field the document does not name
 * is a difference too.
 */
final class OpenApiContract {
    /** Response headers of the API; one that an answer carries must be documented for its status. */
    static final List<String> API_HEADERS = List.of("Location", "Retry-After", "RateLimit", "RateLimit-Policy",
            "WWW-Authenticate");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonNode document;
    private final JsonNode defs;

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.defs = strict(rewriteRefs(document.path("components").path("schemas")));
    }

    /** Reads the JSON document from {@code gatewayUrl + /q/openapi}, without credentials (it is public). */
    static OpenApiContract fetch(String gatewayUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gatewayUrl + "/q/openapi?format=json")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(gatewayUrl + "/q/openapi answered " + r.statusCode() + ": " + r.body());
        }
        return new OpenApiContract(Api.JSON.readTree(r.body()));
    }

    JsonNode document() {
        return document;
    }

    /** The operation {@code method path}, e.g. {@code get /v1/jobs/{jobId}}; a missing node when undocumented. */
    JsonNode operation(String method, String pathTemplate) {
        return document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
    }

    /** The response of an operation for a status, its {@code $ref} resolved; a missing node when undocumented. */
    JsonNode response(JsonNode operation, int status) {
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        return response.has("$ref") ? resolve(response.get("$ref").asText()) : response;
    }

    /** A {@code #/...} reference of the document. */
    JsonNode resolve(String ref) {
        return document.at(ref.substring(1));
    }

    /**
     * What an answer of {@code method pathTemplate} breaks of the document: an undocumented status, content type or
     * header, a header value or a body its schema refuses. Empty when it conforms.
     */
    List<String> differences(String method, String pathTemplate, int status, String contentType, HttpHeaders headers,
                             JsonNode body) {
        String what = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " " + status;
        List<String> out = new ArrayList<>();
        JsonNode operation = operation(method, pathTemplate);
        if (operation.isMissingNode()) {
            return List.of(what + ": the operation is not documented");
        }
        JsonNode response = response(operation, status);
        if (response.isMissingNode()) {
            return List.of(what + ": the status is not documented");
        }
        for (String name : API_HEADERS) {
            String value = headers.firstValue(name).orElse(null);
            if (value == null) {
                continue;
            }
            JsonNode header = response.path("headers").path(name);
            header = header.has("$ref") ? resolve(header.get("$ref").asText()) : header;
            if (header.isMissingNode()) {
                out.add(what + ": header " + name + " is not documented");
            } else {
                JsonNode schema = header.path("schema");
                JsonNode typed = "integer".equals(schema.path("type").asText()) && value.matches("-?\\d{1,18}")
                        ? LongNode.valueOf(Long.parseLong(value)) : TextNode.valueOf(value);
                schemaDifferences(schema, typed).forEach(m -> out.add(what + ": header " + name + ": " + m));
            }
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            return out;
        }
        String media = contentType.split(";")[0].trim();
        JsonNode content = response.path("content").path(media);
        if (content.isMissingNode()) {
            out.add(what + ": content type " + media + " is not documented (documented: "
                    + fieldNames(response.path("content")) + ")");
            return out;
        }
        schemaDifferences(content.path("schema"), body).forEach(m -> out.add(what + ": body: " + m));
        return out;
    }

    /** What {@code value} breaks of {@code schema} (a schema of the document, read strictly). */
    List<String> schemaDifferences(JsonNode schema, JsonNode value) {
        ObjectNode root = Api.JSON.createObjectNode();
        root.set("$defs", defs);
        root.putArray("allOf").add(strict(rewriteRefs(schema)));
        return SCHEMAS.getSchema(root).validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonNode rewriteRefs(JsonNode node) {
        try {
            return Api.JSON.readTree(Api.JSON.writeValueAsString(node).replace("#/components/schemas/", "#/$defs/"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every object schema that lists its properties admits no others (the document says nothing of them). */
    private static JsonNode strict(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("properties").isObject() && !object.has("additionalProperties")) {
                object.set("additionalProperties", BooleanNode.FALSE);
            }
            object.forEach(OpenApiContract::strict);
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::strict);
        }
        return node;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            names.add(it.next().getKey());
        }
        return names;
    }
}
