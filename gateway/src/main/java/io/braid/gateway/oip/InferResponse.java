package io.braid.gateway.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.common.wire.JobStatus;
import io.braid.gateway.mapping.JobView;
import io.braid.gateway.rest.ApiProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished job as an Open Inference Protocol v2 inference response: {@code model_name}, {@code model_version},
 * {@code id} (the request's), {@code parameters} ({@code braid_job_id}, {@code braid_status}) and {@code outputs}:
 * <ul>
 * <li>{@code label}: BYTES {@code [N]}, each item's reduced label;</li>
 * <li>{@code confidence}: FP32 {@code [N]}, the probability of that label;</li>
 * <li>{@code probabilities}: FP32 {@code [N, C]}, row-major, in label order (pipelines whose reducer averages).</li>
 * </ul>
 * The protocol has no per-item error, so the request succeeds only when every item has an output (a branch
 * failure the join tolerated does not count). Otherwise it fails as a whole, naming the items and their branch
 * errors and the job id (readable at {@code GET /v1/jobs/<id>}): 504 when the deadline passed first (or the wait
 * ended before the job), 400 when every failure was the input's fault ({@code BAD_INPUT}, {@code TOO_LARGE}),
 * 500 otherwise (cancelled included).
 */
public final class InferResponse {
    private static final Set<String> CLIENT_FAULTS = Set.of("BAD_INPUT", "TOO_LARGE");

    private InferResponse() {
    }

    /** The outputs {@code requested} (all when empty), 400 naming an unknown one. */
    public static List<String> selected(OipModel model, List<String> requested) {
        if (!model.reduces()) {
            throw ApiProblem.badRequest("pipeline '" + model.name() + "' has reducer collect over several branches: it "
                    + "gives no single output per item for /v2; submit it through /v1/pipelines/" + model.name() + "/jobs");
        }
        List<String> known = model.outputs().stream().map(t -> (String) t.get("name")).toList();
        if (requested.isEmpty()) {
            return known;
        }
        for (String name : requested) {
            if (!known.contains(name)) {
                throw ApiProblem.badRequest("unknown output '" + name + "' of model '" + model.name() + "'; its outputs: "
                        + known);
            }
        }
        return requested;
    }

    /** The response body for a job seen as {@code view} (null or not terminal: the wait ended first). */
    public static Map<String, Object> of(ObjectMapper json, OipModel model, String requestId, List<String> outputs,
                                         String jobId, JobView view) {
        if (view == null || !JobStatus.valueOf(view.status()).terminal()) {
            throw new ApiProblem(504, "Gateway Timeout", "job " + jobId + " did not finish within the wait (status "
                    + (view == null ? "unknown" : view.status()) + "); GET /v1/jobs/" + jobId + " reads it later");
        }
        JsonNode items = items(json, view);
        List<String> failures = new ArrayList<>();
        boolean clientFault = true;
        boolean timedOut = false;
        for (JsonNode item : items) {
            if (item.path("output").isObject()) {
                continue;
            }
            StringBuilder why = new StringBuilder("item " + item.path("index").asInt() + ":");
            for (Map.Entry<String, JsonNode> b : (Iterable<Map.Entry<String, JsonNode>>) () -> item.path("branches").fields()) {
                JsonNode error = b.getValue().path("error");
                if ("skipped".equals(b.getValue().path("status").asText())) {
                    continue; // not run because the item was already decided: no cause of its own
                }
                String code = error.path("code").asText(b.getValue().path("status").asText());
                clientFault &= CLIENT_FAULTS.contains(code);
                timedOut |= "timeout".equals(b.getValue().path("status").asText());
                why.append(" branch ").append(b.getKey()).append(' ').append(code);
                if (error.hasNonNull("message")) {
                    why.append(" (").append(error.path("message").asText()).append(')');
                }
            }
            failures.add(why.toString());
        }
        String status = view.status();
        if (items.isEmpty() || !failures.isEmpty()) {
            String detail = "job " + jobId + " ended " + status + (view.error() != null ? " (" + view.error() + ")" : "")
                    + (failures.isEmpty() ? "" : " without an output for " + failures.size() + " of " + items.size()
                    + " items: " + String.join("; ", failures.subList(0, Math.min(5, failures.size())))
                    + (failures.size() > 5 ? "; ..." : ""));
            if (JobStatus.EXPIRED.name().equals(status) || timedOut) {
                throw new ApiProblem(504, "Gateway Timeout", detail + "; the deadline (parameters.timeout) passed first");
            }
            if (clientFault && !failures.isEmpty()) {
                throw ApiProblem.badRequest(detail);
            }
            throw new ApiProblem(500, "Internal Server Error", detail);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", model.name());
        body.put("model_version", OipModel.VERSION);
        if (requestId != null) {
            body.put("id", requestId);
        }
        body.put("parameters", Map.of("braid_job_id", jobId, "braid_status", status));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : outputs) {
            out.add(output(model, name, items));
        }
        body.put("outputs", out);
        return body;
    }

    private static Map<String, Object> output(OipModel model, String name, JsonNode items) {
        int n = items.size();
        switch (name) {
            case OipModel.TEXT -> {
                List<String> texts = new ArrayList<>();
                items.forEach(i -> texts.add(i.path("output").path("text").asText()));
                return tensor(name, "BYTES", List.of(n), texts);
            }
            case OipModel.LABEL -> {
                List<String> labels = new ArrayList<>();
                items.forEach(i -> labels.add(i.path("output").path("label").asText()));
                return tensor(name, "BYTES", List.of(n), labels);
            }
            case OipModel.CONFIDENCE -> {
                List<Double> c = new ArrayList<>();
                items.forEach(i -> c.add(confidence(i.path("output"), model.labels())));
                return tensor(name, "FP32", List.of(n), c);
            }
            case OipModel.PROBABILITIES -> {
                int classes = model.labels().size();
                List<Double> p = new ArrayList<>();
                for (JsonNode i : items) {
                    JsonNode probabilities = i.path("output").path("probabilities");
                    if (probabilities.size() != classes) {
                        throw new ApiProblem(500, "Internal Server Error", "item " + i.path("index").asInt() + " has "
                                + probabilities.size() + " probabilities for " + classes + " labels");
                    }
                    probabilities.forEach(v -> p.add(v.asDouble()));
                }
                return tensor(name, "FP32", List.of(n, classes), p);
            }
            default -> throw new IllegalArgumentException("unknown output " + name);
        }
    }

    /** The probability of the output's label: from its top-k, else from its probability vector. */
    static double confidence(JsonNode output, List<String> labels) {
        String label = output.path("label").asText();
        for (JsonNode e : output.path("topK")) {
            if (label.equals(e.path("label").asText())) {
                return e.path("probability").asDouble();
            }
        }
        int at = labels.indexOf(label);
        JsonNode p = output.path("probabilities");
        return at >= 0 && at < p.size() ? p.get(at).asDouble() : 0.0;
    }

    private static JsonNode items(ObjectMapper json, JobView view) {
        if (view.result() == null) {
            return json.createArrayNode();
        }
        try {
            List<JsonNode> sorted = new ArrayList<>();
            json.readTree(view.result()).path("items").forEach(sorted::add);
            sorted.sort(java.util.Comparator.comparingInt(i -> i.path("index").asInt()));
            return json.valueToTree(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + view.jobId() + " has an unreadable result: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> tensor(String name, String datatype, List<Integer> shape, List<?> data) {
        Map<String, Object> t = OipModel.tensor(name, datatype, shape);
        t.put("data", data);
        return t;
    }
}
