{{/*
The small objects every component has (Service, ServiceAccount, PodDisruptionBudget) and the
autoscalers. Arguments: (dict "ctx" $ "component" "preprocess" ["pool" "cpu-small"] ...).
*/}}

{{- define "braid.objectName" -}}
{{- if .pool -}}
{{- include "braid.componentName" (dict "ctx" .ctx "component" (printf "%s-%s" .component .pool)) -}}
{{- else -}}
{{- include "braid.componentName" . -}}
{{- end -}}
{{- end -}}

{{- define "braid.service" -}}
{{- $sel := dict "ctx" .ctx "component" .component "pool" .pool -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "braid.objectName" . }}
  labels:
    {{- include "braid.labels" $sel | nindent 4 }}
spec:
  type: {{ .type | default "ClusterIP" }}
  selector:
    {{- include "braid.selectorLabels" $sel | nindent 4 }}
  ports:
    - name: http
      port: {{ .port | default (include "braid.httpPort" .component) }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{/*
The management interface of one Deployment (health, metrics), for the ServiceMonitor: headless, selected by
braid.io/management, apart from the Service that carries the API.
*/}}
{{- define "braid.managementService" -}}
{{- $sel := dict "ctx" .ctx "component" .component "pool" .pool -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "braid.objectName" . }}-management
  labels:
    {{- include "braid.labels" $sel | nindent 4 }}
    braid.io/management: "true"
spec:
  type: ClusterIP
  clusterIP: None
  selector:
    {{- include "braid.selectorLabels" $sel | nindent 4 }}
  ports:
    - name: management
      port: {{ include "braid.managementPort" .ctx }}
      targetPort: management
      protocol: TCP
{{- end -}}

{{/* One per component (not per pool); it holds no token and no role. */}}
{{- define "braid.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "braid.componentName" . }}
  labels:
    {{- include "braid.labels" . | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}

{{/* (dict ... "pdb" .Values.x.pdb) */}}
{{- define "braid.pdb" -}}
{{- $sel := dict "ctx" .ctx "component" .component "pool" .pool -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "braid.objectName" . }}
  labels:
    {{- include "braid.labels" $sel | nindent 4 }}
spec:
  {{- if hasKey .pdb "maxUnavailable" }}
  maxUnavailable: {{ .pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ .pdb.minAvailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "braid.selectorLabels" $sel | nindent 6 }}
{{- end -}}

{{/* KEDA's name for a SASL mechanism. */}}
{{- define "braid.kedaSasl" -}}
{{- get (dict "PLAIN" "plaintext" "SCRAM-SHA-256" "scram_sha256" "SCRAM-SHA-512" "scram_sha512") . -}}
{{- end -}}

{{/*
The lag autoscaler of a stage or pool: one object, one trigger (or External metric) per Kafka input.
(dict "ctx" $ "component" c ["pool" p] "autoscaling" values "consumers" (list {topic, group}...))
Renders nothing when autoscaling.mode is none.
*/}}
{{- define "braid.lagAutoscaler" -}}
{{- $ctx := .ctx -}}
{{- $a := .autoscaling -}}
{{- $mode := $ctx.Values.autoscaling.mode -}}
{{- $k := $ctx.Values.kafka -}}
{{- $name := include "braid.objectName" . -}}
{{- $sel := dict "ctx" $ctx "component" .component "pool" .pool -}}
{{- if eq $mode "keda" -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $name }}
  labels:
    {{- include "braid.labels" $sel | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  pollingInterval: {{ $ctx.Values.autoscaling.keda.pollingInterval }}
  cooldownPeriod: {{ $a.cooldownPeriod }}
  minReplicaCount: {{ $a.minReplicas }}
  maxReplicaCount: {{ $a.maxReplicas }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown:
          stabilizationWindowSeconds: {{ $a.cooldownPeriod }}
  triggers:
    {{- range .consumers }}
    - type: kafka
      name: {{ .group }}
      metadata:
        bootstrapServers: {{ $k.bootstrapServers | quote }}
        consumerGroup: {{ .group }}
        topic: {{ .topic }}
        lagThreshold: {{ $a.lagThreshold | quote }}
        activationLagThreshold: {{ $a.activationLagThreshold | default 0 | quote }}
        # The services read from the earliest offset when their group has none.
        offsetResetPolicy: earliest
        allowIdleConsumers: "false"
        {{- if $k.sasl.enabled }}
        sasl: {{ include "braid.kedaSasl" $k.sasl.mechanism }}
        {{- end }}
        {{- if $k.tls.enabled }}
        tls: enable
        {{- end }}
      {{- if or $k.sasl.enabled $k.tls.enabled }}
      authenticationRef:
        name: {{ include "braid.componentName" (dict "ctx" $ctx "component" "kafka") }}
      {{- end }}
    {{- end }}
{{- else if eq $mode "hpa" -}}
{{- $h := $ctx.Values.autoscaling.hpa -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "braid.labels" $sel | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    {{- range .consumers }}
    - type: External
      external:
        metric:
          name: {{ $h.lagMetricName }}
          selector:
            matchLabels:
              {{ $h.topicLabel }}: {{ .topic }}
              {{ $h.consumerGroupLabel }}: {{ .group }}
        target:
          type: AverageValue
          averageValue: {{ $a.lagThreshold | quote }}
    {{- end }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: {{ $a.cooldownPeriod }}
{{- end -}}
{{- end -}}
