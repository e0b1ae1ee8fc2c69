package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Default deny, then only what each pod needs: DNS, Kafka, Redis, model APIs (io pools), clients to the gateway, scrapes. */
class NetworkPolicyTest {

    static Stream<String> shipped() {
        return Scenario.shipped();
    }

    private static Rendering render(String valuesFile) {
        return HelmChart.render(valuesFile);
    }

    /** True when the policy's podSelector (matchLabels only, as the chart writes them) selects the pod. */
    private static boolean selects(JsonNode policy, JsonNode podMetadata) {
        JsonNode labels = podMetadata.path("labels");
        Map<String, String> wanted = new TreeMap<>();
        policy.path("spec").path("podSelector").path("matchLabels").fields()
                .forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }

    private static List<JsonNode> policiesOf(Rendering r, Rendering.PodTemplate pod) {
        return r.ofKind("NetworkPolicy").stream().filter(p -> selects(p, pod.metadata())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void everyPodIsUnderADefaultDenyInBothDirections(String valuesFile) {
        Rendering r = render(valuesFile);
        JsonNode deny = r.find("NetworkPolicy", "demo-braid-default-deny").orElseThrow();
        assertThat(deny.path("spec").path("policyTypes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.path("spec").has("ingress") || deny.path("spec").has("egress")).isFalse();
        r.pods().forEach(p -> assertThat(selects(deny, p.metadata())).as(p.owner()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void egressGoesOnlyToDnsOnUdpAndTcpKafkaRedisTheGatewayAndFromIoPoolsTheModelApis(String valuesFile) {
        Rendering r = render(valuesFile);
        JsonNode values = HelmChart.merge(readValues("values.yaml"), readValues(valuesFile));
        Set<Integer> kafkaPorts = ints(values.path("networkPolicy").path("kafka").path("ports"));
        Set<Integer> redisPorts = ints(values.path("networkPolicy").path("redis").path("ports"));
        Set<Integer> modelApiPorts = ints(values.path("networkPolicy").path("modelApis").path("ports"));
        for (Rendering.PodTemplate pod : r.pods()) {
            String component = pod.metadata().path("labels").path("app.kubernetes.io/component").asText();
            Set<String> allowed = new HashSet<>();
            for (JsonNode policy : policiesOf(r, pod)) {
                for (JsonNode rule : policy.path("spec").path("egress")) {
                    List<String> ports = new ArrayList<>();
                    rule.path("ports").forEach(p -> ports.add(p.path("protocol").asText() + "/" + p.path("port").asText()));
                    assertThat(ports).as("every egress rule names its ports: " + Rendering.id(policy)).isNotEmpty();
                    if (ports.containsAll(List.of("UDP/53", "TCP/53")) && ports.size() == 2) {
                        allowed.add("dns");
                    } else if (ports.stream().allMatch(p -> kafkaPorts.contains(port(p)))) {
                        allowed.add("kafka");
                    } else if (ports.stream().allMatch(p -> redisPorts.contains(port(p)))) {
                        allowed.add("redis");
                    } else if (Rendering.name(policy).equals("demo-braid-allow-model-apis")
                            && ports.stream().allMatch(p -> modelApiPorts.contains(port(p)))) {
                        allowed.add("model APIs");
                    } else if (ports.equals(List.of("TCP/8080")) && component.equals("test")) {
                        allowed.add("gateway");
                    } else {
                        allowed.add("unexpected " + ports);
                    }
                }
            }
            boolean io = "io".equals(pod.metadata().path("labels").path("braid.io/pool-kind").asText());
            Set<String> expected = switch (component) {
                case "inference" -> io ? Set.of("dns", "kafka", "redis", "model APIs") : Set.of("dns", "kafka", "redis");
                case "gateway", "dispatcher" -> Set.of("dns", "kafka", "redis");
                case "test" -> Set.of("dns", "gateway");
                default -> Set.of("dns", "kafka");
            };
            assertThat(allowed).as("egress of " + pod.owner()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void onlyTheGatewayAcceptsClientsOtherPodsOnlyScrapes(String valuesFile) {
        Rendering r = render(valuesFile);
        for (Rendering.PodTemplate pod : r.pods()) {
            String component = pod.metadata().path("labels").path("app.kubernetes.io/component").asText();
            List<String> ingress = new ArrayList<>();
            for (JsonNode policy : policiesOf(r, pod)) {
                if (!policy.path("spec").path("ingress").isEmpty()) {
                    ingress.add(Rendering.name(policy));
                }
            }
            List<String> expected = switch (component) {
                case "gateway" -> List.of("demo-braid-gateway-ingress", "demo-braid-metrics-ingress");
                case "test", "kafka-topics" -> List.of();
                default -> List.of("demo-braid-metrics-ingress");
            };
            assertThat(ingress).as("ingress of " + pod.owner()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void theTestPodMayReachTheGatewayWhereClientsAreRestricted(String valuesFile) {
        JsonNode gatewayIngress = render(valuesFile).find("NetworkPolicy", "demo-braid-gateway-ingress").orElseThrow();
        JsonNode from = gatewayIngress.path("spec").path("ingress").get(0).path("from");
        if (from.isArray()) {
            assertThat(from).anySatisfy(peer -> assertThat(peer.path("podSelector").path("matchLabels")
                    .path("app.kubernetes.io/component").asText()).isEqualTo("test"));
        }
    }

    private static JsonNode readValues(String file) {
        try {
            return new YAMLMapper().readTree(HelmChart.SOURCE.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Integer> ints(JsonNode array) {
        Set<Integer> out = new HashSet<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static int port(String protocolAndPort) {
        return Integer.parseInt(protocolAndPort.substring(protocolAndPort.indexOf('/') + 1));
    }
}
