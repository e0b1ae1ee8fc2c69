package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The Pod Security Standard "restricted" (plus the chart's own hygiene rules) as a check of one pod
 * template: what a namespace labelled {@code pod-security.kubernetes.io/enforce: restricted} admits,
 * and what the chart promises on top (read-only root filesystem with a writable /tmp, no
 * service-account token).
 */
final class RestrictedPodSecurity {
    /** Volume types the restricted profile allows. */
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    /** Every rule the pod breaks, each naming the pod and container; empty when it is restricted. */
    static List<String> violations(Rendering.PodTemplate pod) {
        List<String> v = new ArrayList<>();
        JsonNode spec = pod.spec();
        JsonNode podSc = spec.path("securityContext");
        String where = pod.owner();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(host).asBoolean(false)) {
                v.add(where + ": " + host + " is set");
            }
        }
        if (!spec.path("automountServiceAccountToken").isBoolean() || spec.path("automountServiceAccountToken").asBoolean()) {
            v.add(where + ": automountServiceAccountToken must be false");
        }
        for (JsonNode volume : spec.path("volumes")) {
            String type = StreamSupport.stream(((Iterable<String>) volume::fieldNames).spliterator(), false)
                    .filter(f -> !f.equals("name")).findFirst().orElse("?");
            if (!ALLOWED_VOLUMES.contains(type)) {
                v.add(where + ": volume " + volume.path("name").asText() + " is a " + type);
            }
        }
        if (podSc.path("runAsUser").asInt(-1) == 0) {
            v.add(where + ": pod runs as root");
        }
        List<JsonNode> containers = new ArrayList<>();
        spec.path("initContainers").forEach(containers::add);
        spec.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            v.add(where + ": no containers");
        }
        for (JsonNode c : containers) {
            v.addAll(containerViolations(where + "/" + c.path("name").asText(), c, podSc));
        }
        return v;
    }

    private static List<String> containerViolations(String where, JsonNode c, JsonNode podSc) {
        List<String> v = new ArrayList<>();
        JsonNode sc = c.path("securityContext");
        boolean nonRoot = sc.path("runAsNonRoot").asBoolean(podSc.path("runAsNonRoot").asBoolean(false));
        if (!nonRoot) {
            v.add(where + ": runAsNonRoot is not true");
        }
        if (sc.path("runAsUser").asInt(podSc.path("runAsUser").asInt(-1)) == 0) {
            v.add(where + ": runs as uid 0");
        }
        if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
            v.add(where + ": allowPrivilegeEscalation must be false");
        }
        if (sc.path("privileged").asBoolean(false)) {
            v.add(where + ": privileged");
        }
        List<String> dropped = new ArrayList<>();
        sc.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
        if (!dropped.contains("ALL")) {
            v.add(where + ": capabilities.drop lacks ALL");
        }
        sc.path("capabilities").path("add").forEach(a -> {
            if (!a.asText().equals("NET_BIND_SERVICE")) {
                v.add(where + ": adds capability " + a.asText());
            }
        });
        String seccomp = sc.path("seccompProfile").path("type").asText(podSc.path("seccompProfile").path("type").asText(""));
        if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
            v.add(where + ": seccompProfile is '" + seccomp + "', not RuntimeDefault");
        }
        if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
            v.add(where + ": root filesystem is writable");
        }
        c.path("ports").forEach(p -> {
            if (p.has("hostPort")) {
                v.add(where + ": uses hostPort");
            }
        });
        boolean tmp = StreamSupport.stream(c.path("volumeMounts").spliterator(), false)
                .anyMatch(m -> m.path("mountPath").asText().equals("/tmp") && !m.path("readOnly").asBoolean(false));
        if (!tmp) {
            v.add(where + ": no writable /tmp mount");
        }
        if (!c.path("resources").path("requests").isObject() || !c.path("resources").path("limits").isObject()) {
            v.add(where + ": resources need requests and limits");
        }
        return v;
    }
}
