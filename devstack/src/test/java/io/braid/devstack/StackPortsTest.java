package io.braid.devstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackPortsTest {

    @Test
    void defaultsAreTheReadmePorts() {
        StackPorts p = StackPorts.fromEnvironment(Map.of());
        assertThat(p).isEqualTo(new StackPorts(9092, 6379, 8080, 8081, 8082, 8083, 8090));
        assertThat(p.inference(1)).isEqualTo(8091);
    }

    @Test
    void portBaseMovesEveryServiceAndSinglePortsOverrideIt() {
        StackPorts p = StackPorts.fromEnvironment(Map.of("BRAID_PORT_BASE", "18080", "BRAID_DISPATCHER_PORT", "19000",
                "BRAID_KAFKA_PORT", "19092"));
        assertThat(p).isEqualTo(new StackPorts(19092, 6379, 18080, 19000, 18082, 18083, 18090));
    }

    @Test
    void managementPortsHaveABaseOfTheirOwnThatNoDefaultHttpOrKafkaPortReaches() {
        StackPorts p = StackPorts.defaults();
        assertThat(p.managementBase()).isEqualTo(9000);
        assertThat(ServicePlan.configuredManagementPorts(p, java.util.List.of("cpu-large", "cpu-small"), 9))
                .containsEntry("gateway", 9000).containsEntry("dispatcher", 9001).containsEntry("inference-cpu-small", 9011)
                .containsEntry("gateway-9", 9800)
                .allSatisfy((name, port) -> assertThat(port).as(name).isNotIn(9092, 6379)
                        .isNotIn(ServicePlan.configuredPorts(p, java.util.List.of("cpu-large", "cpu-small"), 9).values()));
    }

    @Test
    void theManagementBaseFollowsThePortBaseUnlessSetItself() {
        assertThat(StackPorts.fromEnvironment(Map.of("BRAID_PORT_BASE", "18080")).managementBase()).isEqualTo(19000);
        StackPorts own = StackPorts.fromEnvironment(Map.of("BRAID_PORT_BASE", "18080", "BRAID_MANAGEMENT_PORT_BASE", "28000"));
        assertThat(own.managementBase()).isEqualTo(28000);
        assertThat(own.management().preprocess()).isEqualTo(28002);
        assertThat(StackPorts.anyFree().management().gateway()).isZero();
        assertThatThrownBy(() -> StackPorts.fromEnvironment(Map.of("BRAID_MANAGEMENT_PORT_BASE", "x")))
                .hasMessageContaining("BRAID_MANAGEMENT_PORT_BASE='x'");
    }

    @Test
    void aValueThatIsNotAPortNamesTheVariable() {
        assertThatThrownBy(() -> StackPorts.fromEnvironment(Map.of("BRAID_REDIS_PORT", "abc")))
                .hasMessageContaining("BRAID_REDIS_PORT='abc' is not a port number");
        assertThatThrownBy(() -> StackPorts.fromEnvironment(Map.of("BRAID_GATEWAY_PORT", "70000")))
                .hasMessageContaining("BRAID_GATEWAY_PORT");
    }

    @Test
    void anyFreeLeavesEveryPortToTheStart() {
        assertThat(StackPorts.anyFree().inference(3)).isZero();
    }
}
