package io.braid.helm;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.util.List;
import java.util.Map;

/**
 * Parses rendered objects as their Kubernetes types, rejecting any field the type does not know.
 *
 * <p>fabric8 and Strimzi models keep unknown fields in an "additional properties" map (a Jackson
 * any-setter) instead of failing, as the API server's pruning would; this mapper removes every
 * any-setter so an unknown field is an error, as with {@code kubectl --validate=strict}. KEDA's
 * objects have no Java model and are checked against their CRD schemas instead ({@link CrdSchema}).
 */
final class KubernetesTypes {
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    private static final Map<String, CrdSchema> CRDS = Map.of(
            "keda.sh/v1alpha1/ScaledObject", CrdSchema.load("crds/keda.sh_scaledobjects.yaml"),
            "keda.sh/v1alpha1/TriggerAuthentication", CrdSchema.load("crds/keda.sh_triggerauthentications.yaml"));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    private KubernetesTypes() {
    }

    static String typeKey(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** Problems with one object: an unknown type, a field its type does not have, a wrong value type. */
    static List<String> problems(JsonNode object) {
        String key = typeKey(object);
        CrdSchema crd = CRDS.get(key);
        if (crd != null) {
            return crd.validate(object).stream().map(p -> Rendering.id(object) + ": " + p).toList();
        }
        Class<?> type = TYPES.get(key);
        if (type == null) {
            return List.of(Rendering.id(object) + ": no Kubernetes type known for " + key);
        }
        try {
            STRICT.treeToValue(object, type);
            return List.of();
        } catch (Exception e) {
            return List.of(Rendering.id(object) + " does not parse as " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Parses an object known to be valid as its type (e.g. to read it through the model's getters). */
    static <T> T as(JsonNode object, Class<T> type) {
        try {
            return STRICT.treeToValue(object, type);
        } catch (Exception e) {
            throw new AssertionError(Rendering.id(object) + " does not parse as " + type.getSimpleName(), e);
        }
    }
}
