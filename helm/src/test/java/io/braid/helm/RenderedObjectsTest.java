package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.braid.common.auth.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold for every object the chart renders, for every values file in every autoscaling mode. */
class RenderedObjectsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    static Stream<Scenario> scenarios() {
        return Scenario.all();
    }

    /** Credentials given as values (never a default): the Secrets and the topics hook appear. */
    static final String INLINE_CREDENTIALS = """
            kafka:
              tls: {enabled: true, existingSecret: kafka-ca}
              sasl: {enabled: true, username: braid, password: not-a-default}
            redis:
              auth: {enabled: true, password: not-a-default-either}
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyObjectParsesAsItsKubernetesTypeWithUnknownFieldsRejected(Scenario scenario) {
        List<String> problems = new ArrayList<>();
        scenario.render().objects().forEach(o -> problems.addAll(KubernetesTypes.problems(o)));
        assertThat(problems).isEmpty();
    }

    @Test
    void objectsOfTheSecuredInstallParseStrictlyToo() {
        Rendering r = HelmChart.render(null, INLINE_CREDENTIALS);
        List<String> problems = new ArrayList<>();
        r.objects().forEach(o -> problems.addAll(KubernetesTypes.problems(o)));
        assertThat(problems).isEmpty();
        assertThat(r.ofKind("TriggerAuthentication")).hasSize(1);
        assertThat(r.ofKind("Secret")).extracting(Rendering::name)
                .contains("demo-braid-kafka-sasl", "demo-braid-redis", "demo-braid-kafka-topics");
    }

    @Test
    void theStrictParserRejectsAFieldItsTypeDoesNotHave() throws Exception {
        JsonNode deployment = HelmChart.render(null).find("Deployment", "demo-braid-gateway").orElseThrow().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec")
                .path("containers").get(0)).put("imagePullPolcy", "Always");
        assertThat(KubernetesTypes.problems(deployment)).singleElement().asString().contains("imagePullPolcy");

        JsonNode scaledObject = HelmChart.render(null).ofKind("ScaledObject").get(0).deepCopy();
        ((ObjectNode) scaledObject.path("spec")).put("maxReplicas", 3);
        assertThat(KubernetesTypes.problems(scaledObject)).isNotEmpty();
        ((ObjectNode) scaledObject.path("spec")).remove("maxReplicas");
        ((ObjectNode) scaledObject.path("spec").path("triggers").get(0)
                .path("metadata")).put("lagThreshold", 5);
        assertThat(KubernetesTypes.problems(scaledObject)).as("trigger metadata values must be strings").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPodMeetsRestrictedPodSecurity(Scenario scenario) {
        Rendering r = scenario.render();
        List<String> violations = new ArrayList<>();
        r.pods().forEach(p -> violations.addAll(RestrictedPodSecurity.violations(p)));
        assertThat(violations).isEmpty();
        assertThat(r.pods()).extracting(Rendering.PodTemplate::owner)
                .as("the helm test pod is checked like the services")
                .contains("Pod/demo-braid-test-submit-job");
    }

    @Test
    void theTopicsHookJobAndTheTestPodMeetRestrictedPodSecurity() {
        Rendering r = HelmChart.render(null, INLINE_CREDENTIALS);
        List<Rendering.PodTemplate> hooks = r.pods().stream()
                .filter(p -> p.owner().startsWith("Job/") || p.owner().startsWith("Pod/")).toList();
        assertThat(hooks).extracting(Rendering.PodTemplate::owner)
                .containsExactlyInAnyOrder("Job/demo-braid-kafka-topics", "Pod/demo-braid-test-submit-job");
        hooks.forEach(p -> assertThat(RestrictedPodSecurity.violations(p)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noSecretHoldsADefaultCredential(Scenario scenario) throws Exception {
        // the only Secrets the shipped values make: the tenants file (key hashes, never a key) and helm test's key,
        // which is random at each install, so no two installs share it
        Rendering r = scenario.render();
        assertThat(r.ofKind("Secret")).extracting(s -> s.path("metadata").path("name").asText())
                .as("Secrets made by the shipped values").isSubsetOf("demo-braid-tenants", "demo-braid-test-key");
        r.find("Secret", "demo-braid-tenants").ifPresent(s -> ApiKeys.parse(
                s.path("stringData").path("tenants.yaml").asText(), "tenants.yaml"));
        r.find("Secret", "demo-braid-test-key").ifPresent(s -> assertThat(s.path("stringData").path("api-key").asText())
                .isNotEqualTo(HelmChart.render(scenario.valuesFile(), scenario.overrides() + "# another install\n")
                        .find("Secret", "demo-braid-test-key").orElseThrow().path("stringData").path("api-key").asText()));
        JsonNode values = YAML.readTree(HelmChart.SOURCE.resolve(scenario.valuesFile()).toFile());
        List<String> credentials = new ArrayList<>();
        collectCredentials("", values, credentials);
        assertThat(credentials).as("credential values in " + scenario.valuesFile()).isEmpty();
    }

    private static void collectCredentials(String path, JsonNode node, List<String> found) {
        node.fields().forEachRemaining(e -> {
            String key = path + e.getKey();
            if (e.getValue().isObject()) {
                collectCredentials(key + ".", e.getValue(), found);
            } else if (Set.of("password", "username", "token").contains(e.getKey()) && !e.getValue().asText().isEmpty()) {
                found.add(key);
            }
        });
    }

    @Test
    void credentialsReachThePodsOnlyAsFilesMountedFromSecrets() {
        Rendering r = HelmChart.render(null, INLINE_CREDENTIALS);
        for (Rendering.PodTemplate pod : r.pods()) {
            String spec = pod.spec().toString();
            assertThat(spec).as(pod.owner()).doesNotContain("not-a-default");
            for (JsonNode c : pod.spec().path("containers")) {
                Rendering.env(c).forEach((name, path) -> {
                    if (name.startsWith("SECRET_") && name.endsWith("_FILE")) {
                        assertThat(StreamSupport.stream(c.path("volumeMounts").spliterator(), false)
                                .filter(m -> path.startsWith(m.path("mountPath").asText() + "/"))
                                .map(m -> volume(pod.spec(), m.path("name").asText())))
                                .as(pod.owner() + " " + name).singleElement()
                                .satisfies(v -> assertThat(v.has("secret")).isTrue());
                    }
                });
            }
        }
        JsonNode gateway = r.find("Deployment", "demo-braid-gateway").orElseThrow();
        assertThat(Rendering.env(gateway.path("spec").path("template").path("spec").path("containers").get(0)))
                .containsEntry("QUARKUS_REDIS_PASSWORD", "${secret.redis.password}")
                .containsKeys("SECRET_REDIS_PASSWORD_FILE", "SECRET_KAFKA_USERNAME_FILE", "SECRET_KAFKA_PASSWORD_FILE");
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyServiceHasProbesResourcesAndADisruptionBudget(Scenario scenario) {
        Rendering r = scenario.render();
        List<JsonNode> budgets = r.ofKind("PodDisruptionBudget");
        for (JsonNode d : r.ofKind("Deployment")) {
            JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(Map.of("startup", c.path("startupProbe").path("httpGet").path("path").asText(),
                    "liveness", c.path("livenessProbe").path("httpGet").path("path").asText(),
                    "readiness", c.path("readinessProbe").path("httpGet").path("path").asText()))
                    .as(Rendering.id(d))
                    .isEqualTo(Map.of("startup", "/q/health/started", "liveness", "/q/health/live",
                            "readiness", "/q/health/ready"));
            JsonNode selector = d.path("spec").path("selector").path("matchLabels");
            assertThat(budgets).as("PDB of " + Rendering.id(d))
                    .filteredOn(b -> b.path("spec").path("selector").path("matchLabels").equals(selector)).hasSize(1);
            assertThat(d.path("spec").has("replicas")).as(Rendering.id(d) + " leaves replicas to its autoscaler")
                    .isEqualTo(scenario.mode().equals("none"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyServiceContainerIsNamedAfterItsPodForStaticKafkaGroupMembership(Scenario scenario) {
        for (JsonNode d : scenario.render().ofKind("Deployment")) {
            JsonNode env = d.path("spec").path("template").path("spec").path("containers").get(0).path("env");
            assertThat(StreamSupport.stream(env.spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("BRAID_INSTANCE")))
                    .as(Rendering.id(d)).singleElement()
                    .satisfies(e -> assertThat(e.path("valueFrom").path("fieldRef").path("fieldPath").asText())
                            .isEqualTo("metadata.name"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void servicePodsCarryPrometheusScrapeAnnotations(Scenario scenario) {
        for (JsonNode d : scenario.render().ofKind("Deployment")) {
            JsonNode annotations = d.path("spec").path("template").path("metadata").path("annotations");
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(annotations.path("prometheus.io/scrape").asText()).as(Rendering.id(d)).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(annotations.path("prometheus.io/port").asInt()).as("metrics are on the management interface")
                    .isEqualTo(containerPort(container, "management"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyProbeAsksTheManagementPortWhichTheServiceIsToldToListenOn(Scenario scenario) {
        for (JsonNode d : scenario.render().ofKind("Deployment")) {
            JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(c.path(probe).path("httpGet").path("port").asText()).as(Rendering.id(d) + " " + probe)
                        .isEqualTo("management");
            }
            int management = containerPort(c, "management");
            assertThat(management).as(Rendering.id(d)).isNotEqualTo(containerPort(c, "http"));
            assertThat(Rendering.env(c)).as(Rendering.id(d)).containsEntry("QUARKUS_MANAGEMENT_PORT", Integer.toString(management))
                    .containsEntry("QUARKUS_MANAGEMENT_HOST", "0.0.0.0");
        }
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port " + name + " in " + container.path("ports"));
    }

    @Test
    void externalImagesArePinnedToExactVersions() {
        Rendering r = HelmChart.render(null, INLINE_CREDENTIALS);
        for (Rendering.PodTemplate p : r.pods()) {
            p.spec().path("containers").forEach(c -> assertThat(c.path("image").asText())
                    .as(p.owner()).doesNotEndWith(":latest").matches(".+:[0-9][A-Za-z0-9_.-]*(@sha256:[a-f0-9]{64})?"));
        }
    }
}
