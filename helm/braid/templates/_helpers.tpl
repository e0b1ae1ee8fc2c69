{{/*
Names, labels, images and the facts the chart shares with the services: HTTP ports, topics and
consumer groups. Those facts are fixed by each service's application.properties; the chart's tests
read those files and fail when the two disagree.
*/}}

{{- define "braid.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "braid.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: (dict "ctx" $ "component" "dispatcher") */}}
{{- define "braid.componentName" -}}
{{- printf "%s-%s" (include "braid.fullname" .ctx) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "braid.selectorLabels" -}}
app.kubernetes.io/name: {{ include "braid.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .pool }}
braid.io/pool: {{ . }}
{{- end }}
{{- end -}}

{{/* Labels of every object: (dict "ctx" $ "component" "gateway" ["pool" "cpu-small"]) */}}
{{- define "braid.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "braid.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: braid
{{- end -}}

{{/* Labels that select every pod of the release (NetworkPolicies). */}}
{{- define "braid.releaseSelector" -}}
app.kubernetes.io/name: {{ include "braid.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* <registry>/<repository>:<tag>[@digest]: (dict "ctx" $ "image" .Values.gateway.image) */}}
{{- define "braid.image" -}}
{{- $registry := .ctx.Values.image.registry -}}
{{- $tag := .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- $ref := printf "%s:%s" .image.repository $tag -}}
{{- if $registry }}{{ $ref = printf "%s/%s" $registry $ref }}{{ end -}}
{{- if .image.digest }}{{ $ref = printf "%s@%s" $ref .image.digest }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/* An image given in full by its own values, e.g. the Kafka tools or curl: repository:tag[@digest] */}}
{{- define "braid.externalImage" -}}
{{- $ref := printf "%s:%s" .repository .tag -}}
{{- if .digest }}{{ $ref = printf "%s@%s" $ref .digest }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/* The management port (health, metrics) of every service: (include "braid.managementPort" $) */}}
{{- define "braid.managementPort" -}}
{{- .Values.management.port -}}
{{- end -}}

{{/* HTTP port of each service (quarkus.http.port of its application.properties). */}}
{{- define "braid.httpPort" -}}
{{- get (dict "gateway" 8080 "dispatcher" 8081 "preprocess" 8082 "postprocess" 8083 "inference" 8090) . -}}
{{- end -}}

{{/*
The Kafka inputs of each scaled stage that use a shared consumer group: topic (key in kafka.topics)
and group, as in the stage's mp.messaging.incoming.* settings. Inference pools follow
braid.inference.<pool> and braid-inference-<pool> (see braid.poolConsumer). The skip notices every
instance reads from braid.control use a group per instance (braid-skip-<uuid>): a broadcast, not
work to scale on.
*/}}
{{- define "braid.stageConsumers" -}}
dispatcher:
  - {topicKey: jobs, topic: braid.jobs, group: braid-dispatcher-jobs}
  - {topicKey: results, topic: braid.results, group: braid-dispatcher-results}
  - {topicKey: control, topic: braid.control, group: braid-dispatcher-control}
  - {topicKey: progress, topic: braid.progress, group: braid-dispatcher-progress}
preprocess:
  - {topicKey: preprocess, topic: braid.preprocess, group: braid-preprocess}
postprocess:
  - {topicKey: postprocess, topic: braid.postprocess, group: braid-postprocess}
{{- end -}}

{{/* Topic names by kafka.topics key (common/.../wire/Topics.java). */}}
{{- define "braid.topicNames" -}}
jobs: braid.jobs
preprocess: braid.preprocess
postprocess: braid.postprocess
results: braid.results
control: braid.control
deadletter: braid.deadletter
progress: braid.progress
{{- end -}}

{{- define "braid.poolConsumer" -}}
{topic: {{ printf "braid.inference.%s" .name }}, group: {{ printf "braid-inference-%s" .name }}}
{{- end -}}

{{/*
Every topic the release needs: a YAML list of {name, partitions, retentionMs, retentionBytes}. A topic's
retentionBytes (per partition) defaults to kafka.retentionBytes: every topic is bounded in time and in size.
*/}}
{{- define "braid.allTopics" -}}
{{- $names := fromYaml (include "braid.topicNames" .) -}}
{{- range $key := list "jobs" "preprocess" "postprocess" "results" "control" "deadletter" "progress" }}
{{- $t := get $.Values.kafka.topics $key }}
- {name: {{ get $names $key }}, partitions: {{ $t.partitions }}, retentionMs: {{ $t.retentionMs | int64 }}, retentionBytes: {{ $t.retentionBytes | default $.Values.kafka.retentionBytes | int64 }}}
{{- end }}
{{- range .Values.inference.pools }}
- {name: {{ printf "braid.inference.%s" .name }}, partitions: {{ .partitions }}, retentionMs: {{ .retentionMs | int64 }}, retentionBytes: {{ .retentionBytes | default $.Values.kafka.retentionBytes | int64 }}}
{{- end }}
{{- end -}}

{{/* True when the pool's pods ask for a GPU. */}}
{{- define "braid.poolGpus" -}}
{{- $limits := (.resources | default dict).limits | default dict -}}
{{- get $limits "nvidia.com/gpu" | default 0 -}}
{{- end -}}

{{/*
A pool's kind: its `kind` when set, else gpu when it asks for nvidia.com/gpu, else cpu. An io pool runs
http models (backend: http): no GPU, no weights, many calls in flight, egress to the model APIs.
*/}}
{{- define "braid.poolKind" -}}
{{- .kind | default (gt (int (include "braid.poolGpus" .)) 0 | ternary "gpu" "cpu") -}}
{{- end -}}

{{/* The names of the io pools, one a line (empty: none). */}}
{{- define "braid.ioPools" -}}
{{- range .Values.inference.pools }}
{{- if eq (include "braid.poolKind" .) "io" }}
{{ .name }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The models of one pool, sorted by name: (dict "ctx" $ "pool" "cpu-small") → YAML list of {name[, file]} */}}
{{- define "braid.poolModels" -}}
{{- range $name := keys .ctx.Values.modelRepository.models | sortAlpha }}
{{- $m := get $.ctx.Values.modelRepository.models $name }}
{{- if eq $m.pool $.pool }}
- {name: {{ $name }}{{ with $m.file }}, file: {{ . }}{{ end }}}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The API-key Secrets of one pool, sorted, each once: its `secrets` and the http.apiKeySecret of its models.
(dict "ctx" $ "pool" poolValues) → YAML list of names
*/}}
{{- define "braid.poolSecrets" -}}
{{- $names := .pool.secrets | default list -}}
{{- range $name, $m := .ctx.Values.modelRepository.models }}
{{- if and (eq $m.pool $.pool.name) ($m.http | default dict).apiKeySecret }}
{{- $names = append $names $m.http.apiKeySecret }}
{{- end }}
{{- end }}
{{- range $names | uniq | sortAlpha }}
- {{ . }}
{{- end }}
{{- end -}}

{{- define "braid.kafkaSaslSecret" -}}
{{- .Values.kafka.sasl.existingSecret | default (printf "%s-kafka-sasl" (include "braid.fullname" .)) -}}
{{- end -}}

{{- define "braid.redisSecret" -}}
{{- .Values.redis.auth.existingSecret | default (printf "%s-redis" (include "braid.fullname" .)) -}}
{{- end -}}

{{/* Kafka's login module for a SASL mechanism. */}}
{{- define "braid.jaasModule" -}}
{{- if eq . "PLAIN" -}}
org.apache.kafka.common.security.plain.PlainLoginModule
{{- else -}}
org.apache.kafka.common.security.scram.ScramLoginModule
{{- end -}}
{{- end -}}

{{/* security.protocol for the Kafka settings. */}}
{{- define "braid.kafkaProtocol" -}}
{{- $k := .Values.kafka -}}
{{- if and $k.tls.enabled $k.sasl.enabled }}SASL_SSL
{{- else if $k.tls.enabled }}SSL
{{- else if $k.sasl.enabled }}SASL_PLAINTEXT
{{- else }}PLAINTEXT
{{- end -}}
{{- end -}}
