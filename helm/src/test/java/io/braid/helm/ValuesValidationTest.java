package io.braid.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that cannot work are refused before anything is installed, with a message naming the key. */
class ValuesValidationTest {

    @Test
    void theSchemaRejectsAKeyTheChartDoesNotKnow() {
        assertThatThrownBy(() -> HelmChart.render(null, "gateway:\n  replicaCount: 3\n"))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicaCount");
    }

    @Test
    void theSchemaRejectsAnUnknownAutoscalingMode() {
        assertThatThrownBy(() -> HelmChart.render(null, "autoscaling:\n  mode: vpa\n"))
                .hasMessageContaining("/autoscaling/mode");
    }

    @Test
    void saslWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "kafka:\n  sasl: {enabled: true}\n"))
                .hasMessageContaining("kafka.sasl: SASL is enabled; set kafka.sasl.existingSecret");
    }

    @Test
    void tlsWithoutACaSecretIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "kafka:\n  tls: {enabled: true}\n"))
                .hasMessageContaining("kafka.tls.existingSecret: TLS is enabled");
    }

    @Test
    void redisAuthWithoutAPasswordIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "redis:\n  auth: {enabled: true}\n"))
                .hasMessageContaining("redis.auth: authentication is enabled");
    }

    @Test
    void credentialsInTheRedisAddressAreRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "redis:\n  hosts: redis://:secret@redis:6379\n"))
                .hasMessageContaining("redis.hosts: must not carry credentials");
    }

    @Test
    void anAdmissionBoundAboveTheRedisWaitQueueIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "gateway:\n  admission: {maxInFlight: 5000, retryAfter: PT1S}\n"))
                .hasMessageContaining("gateway.admission.maxInFlight: 5000 is above redis.pool.maxWaiting (4096)");
    }

    @Test
    void strimziTopicsAndTheTopicsJobTogetherAreRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "kafka:\n  strimzi: {enabled: true, clusterName: braid}\n"))
                .hasMessageContaining("set kafka.topicsJob.enabled=false");
    }

    @Test
    void aModelInAPoolThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                modelRepository:
                  models:
                    digits-mlp: {pool: tpu}
                """)).hasMessageContaining("modelRepository.models.digits-mlp.pool: 'tpu' is not in inference.pools");
    }

    @Test
    void aPoolWithoutModelsIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                modelRepository:
                  models:
                    digits-lenet: {pool: cpu-small}
                """)).hasMessageContaining("no model in modelRepository.models names pool 'cpu-large'");
    }

    @Test
    void aPipelineBranchOnAnUnknownModelIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                pipelines:
                  digits:
                    branches: [{name: big, model: resnet}]
                """)).hasMessageContaining("pipelines.digits: branch 'big' names model 'resnet'");
    }

    @Test
    void aVolumeSourceWithoutAClaimIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "modelRepository:\n  source: volume\n"))
                .hasMessageContaining("modelRepository.volume.claimName");
    }

    @Test
    void theDispatcherNeverScalesToZero() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                dispatcher:
                  autoscaling: {minReplicas: 0, maxReplicas: 4, lagThreshold: 10, cooldownPeriod: 60}
                """)).hasMessageContaining("dispatcher.autoscaling.minReplicas: the dispatcher runs the deadline timer");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                kafka:
                  sasl: {enabled: true}
                redis:
                  auth: {enabled: true}
                """)).hasMessageContaining("VALUES VALIDATION")
                .hasMessageContaining("kafka.sasl:")
                .hasMessageContaining("redis.auth:");
    }
}
