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
    void anHttpModelInACpuPoolIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                modelRepository:
                  models:
                    chat: {backend: http, pool: cpu-small, http: {protocol: openai-chat, url: "https://api.openai.com"}}
                """)).hasMessageContaining("modelRepository.models.chat.pool: 'cpu-small' is a cpu pool; "
                + "an http model (backend: http) runs in a pool of kind io");
    }

    @Test
    void aDjlModelInAnIoPoolIsRefused() {
        assertThatThrownBy(() -> HelmChart.render("values-agents.yaml", """
                modelRepository:
                  models:
                    digits-mlp: {pool: io-models}
                """)).hasMessageContaining("modelRepository.models.digits-mlp.pool: 'io-models' is an io pool, "
                + "which runs http models only");
    }

    @Test
    void aGpuOnAnIoPoolIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                inference:
                  pools:
                    - {name: cpu-small, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                    - {name: cpu-large, kind: io, partitions: 12, retentionMs: 3600000,
                       resources: {limits: {nvidia.com/gpu: 1}}, tolerations: [{key: nvidia.com/gpu, operator: Exists}],
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                """)).hasMessageContaining("inference.pools[1] (cpu-large).resources: an io pool calls remote model "
                + "APIs and must not ask for nvidia.com/gpu");
    }

    @Test
    void theSchemaRejectsAnUnknownPoolKind() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                inference:
                  pools:
                    - {name: cpu-small, kind: tpu, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                """)).hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("kind");
    }

    @Test
    void onlyIoPoolsMayLeaveOutResourcesAndOnlyHttpModelsTheirWeightsFile() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                inference:
                  pools:
                    - {name: cpu-small, partitions: 12, retentionMs: 3600000,
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                """)).hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("resources");
        assertThatThrownBy(() -> HelmChart.render(null, """
                modelRepository:
                  models:
                    chat: {pool: cpu-small, http: {protocol: openai-chat, url: "https://api.openai.com"}}
                """)).hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("file");
    }

    @Test
    void anApiKeySecretThatIsNotASecretNameIsRefused() {
        assertThatThrownBy(() -> HelmChart.render("values-agents.yaml", """
                modelRepository:
                  models:
                    planner: {http: {apiKeySecret: "sk-Proj_123"}}
                inference:
                  pools:
                    - {name: cpu-small, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                    - {name: cpu-large, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                    - {name: io-models, kind: io, partitions: 12, retentionMs: 3600000, secrets: [Search.Key],
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                """)).hasMessageContaining("modelRepository.models.planner.http.apiKeySecret: 'sk-Proj_123' is not a "
                + "Secret name")
                .hasMessageContaining("inference.pools[2] (io-models).secrets: 'Search.Key' is not a Secret name");
    }

    @Test
    void aSynthesisOnAnUnknownModelIsRefused() {
        assertThatThrownBy(() -> HelmChart.render("values-agents.yaml", """
                pipelines:
                  research:
                    synthesis: {model: merger}
                """)).hasMessageContaining("pipelines.research.synthesis: model 'merger' is not in modelRepository.models");
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
