{{/*
The shape every Braid pod shares: Pod Security "restricted" (not configurable beyond the user ids),
no service-account token, a writable /tmp on an emptyDir under a read-only root filesystem, the
health probes, Prometheus annotations and the Kafka settings mounted from Secrets.
*/}}

{{- define "braid.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup | default .runAsUser }}
{{- with .fsGroup }}
fsGroup: {{ . }}
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "braid.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Quarkus SmallRye Health endpoints on the management interface (management.port, named "management");
startup may take long where models load and warm up.
*/}}
{{- define "braid.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: management}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: {{ .startupFailures | default 24 }}
livenessProbe:
  httpGet: {path: /q/health/live, port: management}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: management}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/*
Traces and logs of every service (docs/architecture.md, Traces): OTLP/HTTP to tracing.endpoint with
parent-based ratio sampling, or the SDK off when no endpoint is set; JSON log lines.
*/}}
{{- define "braid.observabilityEnv" -}}
{{- $t := .Values.tracing -}}
{{- if $t.endpoint }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  value: {{ $t.endpoint | quote }}
- name: QUARKUS_OTEL_TRACES_SAMPLER
  value: parentbased_traceidratio
- name: QUARKUS_OTEL_TRACES_SAMPLER_ARG
  value: {{ $t.samplerRatio | toString | quote }}
- name: QUARKUS_OTEL_BSP_SCHEDULE_DELAY
  value: {{ $t.exportDelay | quote }}
{{- else }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "true"
{{- end }}
- name: QUARKUS_LOG_CONSOLE_JSON_ENABLED
  value: {{ .Values.logging.json | toString | quote }}
{{- end -}}

{{/*
Kafka client settings. Quarkus maps KAFKA_* variables to kafka.* (the default of every channel).
Credentials stay in files: the image's entrypoint exports SECRET_X from the file named by
SECRET_X_FILE, and the settings refer to them with ${secret.x} expressions (SmallRye Config), so no
credential is in the pod spec.
*/}}
{{- define "braid.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ include "braid.kafkaProtocol" . }}
# braid.max-record-bytes: the same value as every topic's max.message.bytes
- name: BRAID_MAX_RECORD_BYTES
  value: {{ $k.maxRecordBytes | int64 | quote }}
{{- if $k.tls.enabled }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "/etc/braid/kafka-tls/%s" $k.tls.caKey }}
{{- end }}
{{- if $k.sasl.enabled }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"${secret.kafka.username}\" password=\"${secret.kafka.password}\";" (include "braid.jaasModule" $k.sasl.mechanism) | quote }}
- name: SECRET_KAFKA_USERNAME_FILE
  value: {{ printf "/etc/braid/kafka-sasl/%s" $k.sasl.usernameKey }}
- name: SECRET_KAFKA_PASSWORD_FILE
  value: {{ printf "/etc/braid/kafka-sasl/%s" $k.sasl.passwordKey }}
{{- end }}
{{- end -}}

{{- define "braid.kafkaVolumeMounts" -}}
{{- if .Values.kafka.tls.enabled }}
- {name: kafka-tls, mountPath: /etc/braid/kafka-tls, readOnly: true}
{{- end }}
{{- if .Values.kafka.sasl.enabled }}
- {name: kafka-sasl, mountPath: /etc/braid/kafka-sasl, readOnly: true}
{{- end }}
{{- end -}}

{{- define "braid.kafkaVolumes" -}}
{{- $k := .Values.kafka -}}
{{- if $k.tls.enabled }}
- name: kafka-tls
  secret:
    secretName: {{ $k.tls.existingSecret }}
    defaultMode: 0440
    items:
      - {key: {{ $k.tls.caKey }}, path: {{ $k.tls.caKey }}}
{{- end }}
{{- if $k.sasl.enabled }}
- name: kafka-sasl
  secret:
    secretName: {{ include "braid.kafkaSaslSecret" . }}
    defaultMode: 0440
    items:
      - {key: {{ $k.sasl.usernameKey }}, path: {{ $k.sasl.usernameKey }}}
      - {key: {{ $k.sasl.passwordKey }}, path: {{ $k.sasl.passwordKey }}}
{{- end }}
{{- end -}}

{{/* Redis for the gateway and the dispatcher (fan-in state and job status), and the inference pools (their statistics). */}}
{{- define "braid.redisEnv" -}}
- name: QUARKUS_REDIS_HOSTS
  value: {{ .Values.redis.hosts | quote }}
- name: QUARKUS_REDIS_CLIENT_TYPE
  value: {{ .Values.redis.clientType | default "standalone" | quote }}
- name: QUARKUS_REDIS_MAX_POOL_SIZE
  value: {{ .Values.redis.pool.maxSize | quote }}
- name: QUARKUS_REDIS_MAX_POOL_WAITING
  value: {{ .Values.redis.pool.maxWaiting | quote }}
{{- if .Values.redis.auth.enabled }}
- name: QUARKUS_REDIS_PASSWORD
  value: "${secret.redis.password}"
- name: SECRET_REDIS_PASSWORD_FILE
  value: {{ printf "/etc/braid/redis/%s" .Values.redis.auth.passwordKey }}
{{- end }}
{{- end -}}

{{/* The gateway's admission bound. */}}
{{- define "braid.admissionEnv" -}}
- name: BRAID_GATEWAY_MAX_IN_FLIGHT
  value: {{ .Values.gateway.admission.maxInFlight | quote }}
- name: BRAID_GATEWAY_RETRY_AFTER
  value: {{ .Values.gateway.admission.retryAfter | quote }}
- name: BRAID_GATEWAY_ADMISSION_MAX_PIPELINE_ITEMS
  value: {{ .Values.gateway.admission.maxPipelineItems | quote }}
- name: BRAID_GATEWAY_ADMISSION_DEADLINE_CHECK
  value: {{ .Values.gateway.admission.deadlineCheck | quote }}
- name: BRAID_GATEWAY_ADMISSION_GRACE
  value: {{ .Values.gateway.admission.grace | quote }}
- name: BRAID_GATEWAY_EVENTS_POLL_INTERVAL
  value: {{ .Values.gateway.events.pollInterval | quote }}
- name: BRAID_GATEWAY_EVENTS_PROGRESS_INTERVAL
  value: {{ .Values.gateway.events.progressInterval | quote }}
{{- end -}}

{{- define "braid.redisVolumeMounts" -}}
{{- if .Values.redis.auth.enabled }}
- {name: redis-auth, mountPath: /etc/braid/redis, readOnly: true}
{{- end }}
{{- end -}}

{{- define "braid.redisVolumes" -}}
{{- if .Values.redis.auth.enabled }}
- name: redis-auth
  secret:
    secretName: {{ include "braid.redisSecret" . }}
    defaultMode: 0440
    items:
      - {key: {{ .Values.redis.auth.passwordKey }}, path: {{ .Values.redis.auth.passwordKey }}}
{{- end }}
{{- end -}}

{{/*
The catalog the gateway and the dispatcher plan with: pipelines, and the model metadata. They never
open model weights, but the model loader checks that each weights file exists, so an empty stand-in
takes its place.
*/}}
{{- define "braid.catalogVolumes" -}}
- name: pipelines
  configMap:
    name: {{ include "braid.componentName" (dict "ctx" . "component" "pipelines") }}
- name: models
  configMap:
    name: {{ include "braid.componentName" (dict "ctx" . "component" "models") }}
    items:
{{- range $name := keys .Values.modelRepository.models | sortAlpha }}
{{- $m := get $.Values.modelRepository.models $name }}
      - {key: {{ printf "%s.yaml" $name }}, path: {{ printf "%s/model.yaml" $name }}}
      {{- with $m.file }}
      - {key: weights-placeholder, path: {{ printf "%s/%s" $name . }}}
      {{- end }}
{{- end }}
{{- end -}}

{{- define "braid.catalogEnv" -}}
- name: BRAID_MODELS_DIR
  value: /etc/braid/models
- name: BRAID_PIPELINES_DIR
  value: /etc/braid/pipelines
{{- end -}}

{{- define "braid.catalogVolumeMounts" -}}
- {name: pipelines, mountPath: /etc/braid/pipelines, readOnly: true}
- {name: models, mountPath: /etc/braid/models, readOnly: true}
{{- end -}}

{{/*
A service Deployment: (dict "ctx" $ "component" "dispatcher" "values" .Values.dispatcher
  ["pool" name] ["image" imageValues] ["env" yaml] ["volumes" yaml] ["volumeMounts" yaml]
  ["initContainers" yaml] ["redis" true] ["startupFailures" n] ["javaOpts" always-on JVM flags] ["podLabels" dict])
*/}}
{{- define "braid.deployment" -}}
{{- $ctx := .ctx -}}
{{- $v := .values -}}
{{- $object := .component -}}
{{- if .pool }}{{ $object = printf "%s-%s" .component .pool }}{{ end -}}
{{- $name := include "braid.componentName" (dict "ctx" $ctx "component" $object) -}}
{{- $sel := dict "ctx" $ctx "component" .component "pool" .pool -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "braid.labels" $sel | nindent 4 }}
spec:
  {{- if eq $ctx.Values.autoscaling.mode "none" }}
  {{- if hasKey $v "replicas" }}
  replicas: {{ $v.replicas }}
  {{- else }}
  replicas: {{ max 1 $v.autoscaling.minReplicas }}
  {{- end }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "braid.selectorLabels" $sel | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "braid.labels" $sel | nindent 8 }}
        braid.io/kafka-client: "true"
        braid.io/metrics: "true"
        {{- if .redis }}
        braid.io/redis-client: "true"
        {{- end }}
        {{- with .podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/catalog: {{ include (print $ctx.Template.BasePath "/config/configmap-catalog.yaml") $ctx | sha256sum }}
        {{- if $ctx.Values.metrics.scrapeAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/path: /q/metrics
        prometheus.io/port: {{ include "braid.managementPort" $ctx | quote }}
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "braid.componentName" (dict "ctx" $ctx "component" .component) }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      securityContext:
        {{- include "braid.podSecurityContext" $ctx.Values.podSecurity | nindent 8 }}
      {{- with $ctx.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .initContainers | default "" | trim }}
      initContainers:
        {{- . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "braid.image" (dict "ctx" $ctx "image" (.image | default $v.image)) }}
          imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
          ports:
            - {name: http, containerPort: {{ include "braid.httpPort" .component }}, protocol: TCP}
            - {name: management, containerPort: {{ include "braid.managementPort" $ctx }}, protocol: TCP}
          env:
            - name: QUARKUS_HTTP_HOST
              value: 0.0.0.0
            # health and metrics: the management interface, a port of its own
            - name: QUARKUS_MANAGEMENT_HOST
              value: 0.0.0.0
            - name: QUARKUS_MANAGEMENT_PORT
              value: {{ include "braid.managementPort" $ctx | quote }}
            # static Kafka group membership: a restarted container takes its partitions back at once
            - name: BRAID_INSTANCE
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: JAVA_OPTS
              # a heap that ran out is broken: the JVM exits and Kubernetes restarts the container
              value: {{ compact (list $v.javaOpts .javaOpts "-XX:+ExitOnOutOfMemoryError" "-Djava.io.tmpdir=/tmp") | join " " | quote }}
            {{- include "braid.kafkaEnv" $ctx | nindent 12 }}
            {{- include "braid.observabilityEnv" $ctx | nindent 12 }}
            {{- with .env | default "" | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "braid.containerSecurityContext" . | nindent 12 }}
          {{- include "braid.probes" . | nindent 10 }}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            {{- with include "braid.kafkaVolumeMounts" $ctx | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with .volumeMounts | default "" | trim }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {sizeLimit: 256Mi}
        {{- with include "braid.kafkaVolumes" $ctx | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with .volumes | default "" | trim }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "braid.selectorLabels" $sel | nindent 14 }}
{{- end -}}

{{/*
Init container of an inference pool: (dict "ctx" $ "image" img "models" list "weightsDir" dir "weightsMount" yaml)
It fails with the model's name when a weights file is missing, before the service starts.
*/}}
{{- define "braid.modelRepositoryInit" -}}
- name: model-repository
  image: {{ include "braid.image" (dict "ctx" .ctx "image" .image) }}
  imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
  command: ["/bin/sh", "-ec"]
  args:
    - |
      repo=/var/run/braid/models
      link() {
        weights="{{ .weightsDir }}/$1/$2"
        if [ ! -f "$weights" ]; then
          echo "model $1: weights file $weights not found (modelRepository.source={{ .ctx.Values.modelRepository.source }})" >&2
          exit 1
        fi
        mkdir -p "$repo/$1"
        cp "/etc/braid/model-metadata/$1.yaml" "$repo/$1/model.yaml"
        ln -s "$weights" "$repo/$1/$2"
        echo "model $1: $weights"
      }
      {{- range .models }}
      link {{ .name | quote }} {{ .file | quote }}
      {{- end }}
  resources:
    requests: {cpu: 10m, memory: 16Mi}
    limits: {cpu: 100m, memory: 64Mi}
  securityContext:
    {{- include "braid.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    - {name: tmp, mountPath: /tmp}
    - {name: model-repository, mountPath: /var/run/braid/models}
    - {name: model-metadata, mountPath: /etc/braid/model-metadata, readOnly: true}
    {{- with .weightsMount | trim }}
    {{- . | nindent 4 }}
    {{- end }}
{{- end -}}
