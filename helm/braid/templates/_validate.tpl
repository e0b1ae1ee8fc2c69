{{/*
Checks the values cannot express in values.schema.json: relations between keys. All problems are
reported at once, each naming the key to change.
*/}}
{{- define "braid.validateValues" -}}
{{- $messages := list -}}
{{- $messages = append $messages (include "braid.validate.kafka" .) -}}
{{- $messages = append $messages (include "braid.validate.redis" .) -}}
{{- $messages = append $messages (include "braid.validate.stages" .) -}}
{{- $messages = append $messages (include "braid.validate.pools" .) -}}
{{- $messages = append $messages (include "braid.validate.catalog" .) -}}
{{- $messages = append $messages (include "braid.validate.auth" .) -}}
{{- $messages = without $messages "" -}}
{{- if $messages -}}
{{- printf "\nVALUES VALIDATION:\n%s" (join "\n" $messages) | fail -}}
{{- end -}}
{{- end -}}

{{- define "braid.validate.kafka" -}}
{{- $k := .Values.kafka -}}
{{- if not $k.bootstrapServers }}
kafka.bootstrapServers: set the Kafka bootstrap address (host:port[,host:port...]).
{{- end }}
{{- if and $k.tls.enabled (not $k.tls.existingSecret) }}
kafka.tls.existingSecret: TLS is enabled; name the Secret that holds the CA certificate (key {{ $k.tls.caKey }}).
{{- end }}
{{- if and $k.sasl.enabled (not $k.sasl.existingSecret) (or (not $k.sasl.username) (not $k.sasl.password)) }}
kafka.sasl: SASL is enabled; set kafka.sasl.existingSecret (keys {{ $k.sasl.usernameKey }}, {{ $k.sasl.passwordKey }}), or both kafka.sasl.username and kafka.sasl.password.
{{- end }}
{{- if and $k.strimzi.enabled $k.topicsJob.enabled }}
kafka.strimzi.enabled: Strimzi KafkaTopics and the topics Job would both manage the topics; set kafka.topicsJob.enabled=false.
{{- end }}
{{- if and $k.strimzi.enabled (not $k.strimzi.clusterName) }}
kafka.strimzi.clusterName: name the Strimzi Kafka cluster (label strimzi.io/cluster) that owns the topics.
{{- end }}
{{- end -}}

{{- define "braid.validate.redis" -}}
{{- $r := .Values.redis -}}
{{- if not $r.hosts }}
redis.hosts: set the Redis address, e.g. redis://redis-master:6379.
{{- end }}
{{- if regexMatch "^rediss?://[^/@]*@" ($r.hosts | default "") }}
redis.hosts: must not carry credentials; use redis.auth (existingSecret or password) instead.
{{- end }}
{{- if gt (int .Values.gateway.admission.maxInFlight) (int $r.pool.maxWaiting) }}
gateway.admission.maxInFlight: {{ .Values.gateway.admission.maxInFlight }} is above redis.pool.maxWaiting ({{ $r.pool.maxWaiting }}); every held submit may read Redis at once when its job ends. Lower it or raise the wait queue.
{{- end }}
{{- if and $r.auth.enabled (not $r.auth.existingSecret) (not $r.auth.password) }}
redis.auth: authentication is enabled; set redis.auth.existingSecret (key {{ $r.auth.passwordKey }}) or redis.auth.password.
{{- end }}
{{- end -}}

{{/* Replica bounds of one autoscaler: (dict "ctx" $ "key" "dispatcher" "autoscaling" a "partitions" (list {topic, partitions})) */}}
{{- define "braid.validate.replicas" -}}
{{- $a := .autoscaling -}}
{{- $mode := .ctx.Values.autoscaling.mode -}}
{{- if gt (int $a.minReplicas) (int $a.maxReplicas) }}
{{ .key }}.autoscaling: minReplicas ({{ $a.minReplicas }}) is above maxReplicas ({{ $a.maxReplicas }}).
{{- end }}
{{- if and (eq $mode "hpa") (lt (int $a.minReplicas) 1) }}
{{ .key }}.autoscaling.minReplicas: an HPA cannot scale to zero; use at least 1 with autoscaling.mode=hpa (or mode keda).
{{- end }}
{{- range .partitions }}
{{- if gt (int $a.maxReplicas) (int .partitions) }}
{{ $.key }}.autoscaling.maxReplicas: {{ $a.maxReplicas }} is above the {{ .partitions }} partitions of {{ .topic }}; replicas beyond the partitions would sit idle. Lower it or raise the partitions.
{{- end }}
{{- end }}
{{- end -}}

{{- define "braid.validate.stages" -}}
{{- $consumers := fromYaml (include "braid.stageConsumers" .) -}}
{{- range $stage := list "dispatcher" "preprocess" "postprocess" }}
{{- $partitions := list }}
{{- range get $consumers $stage }}
{{- $partitions = append $partitions (dict "topic" .topic "partitions" (get $.Values.kafka.topics .topicKey).partitions) }}
{{- end }}
{{- include "braid.validate.replicas" (dict "ctx" $ "key" $stage "autoscaling" (get $.Values $stage).autoscaling "partitions" $partitions) }}
{{- end }}
{{- if lt (int .Values.dispatcher.autoscaling.minReplicas) 1 }}
dispatcher.autoscaling.minReplicas: the dispatcher runs the deadline timer and must keep at least 1 replica.
{{- end }}
{{- $g := .Values.gateway.autoscaling }}
{{- if gt (int $g.minReplicas) (int $g.maxReplicas) }}
gateway.autoscaling: minReplicas ({{ $g.minReplicas }}) is above maxReplicas ({{ $g.maxReplicas }}).
{{- end }}
{{- end -}}

{{- define "braid.validate.pools" -}}
{{- $seen := dict -}}
{{- range $i, $pool := .Values.inference.pools }}
{{- $key := printf "inference.pools[%d] (%s)" $i $pool.name }}
{{- if hasKey $seen $pool.name }}
{{ $key }}.name: pool '{{ $pool.name }}' is listed twice.
{{- end }}
{{- $_ := set $seen $pool.name true }}
{{- if not (include "braid.poolModels" (dict "ctx" $ "pool" $pool.name) | trim) }}
{{ $key }}: no model in modelRepository.models names pool '{{ $pool.name }}'; the pool's service would not start.
{{- end }}
{{- include "braid.validate.replicas" (dict "ctx" $ "key" $key "autoscaling" $pool.autoscaling
      "partitions" (list (dict "topic" (printf "braid.inference.%s" $pool.name) "partitions" $pool.partitions))) }}
{{- $gpus := int (include "braid.poolGpus" $pool) }}
{{- $requested := get (($pool.resources | default dict).requests | default dict) "nvidia.com/gpu" }}
{{- if and $requested (ne (int $requested) $gpus) }}
{{ $key }}.resources: requests and limits of nvidia.com/gpu must be equal (extended resources cannot be overcommitted).
{{- end }}
{{- if and (gt $gpus 0) (not $pool.tolerations) }}
{{ $key }}.tolerations: the pool asks for nvidia.com/gpu; add the tolerations of the GPU nodes' taints (e.g. nvidia.com/gpu:NoSchedule).
{{- end }}
{{- if and (eq ($pool.kind | default "") "io") (or (gt $gpus 0) $requested) }}
{{ $key }}.resources: an io pool calls remote model APIs and must not ask for nvidia.com/gpu; remove it or use kind gpu.
{{- else if and (eq ($pool.kind | default "") "gpu") (eq $gpus 0) }}
{{ $key }}.kind: gpu, but the pool's resources.limits ask for no nvidia.com/gpu.
{{- else if and (eq ($pool.kind | default "") "cpu") (gt $gpus 0) }}
{{ $key }}.kind: cpu, but the pool asks for nvidia.com/gpu; use kind gpu (or leave kind unset).
{{- end }}
{{- range $pool.secrets }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" .) }}
{{ $key }}.secrets: '{{ . }}' is not a Secret name (lower-case letters, digits and '-', at most 63); it becomes the file /var/run/secrets/braid/<name>.
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "braid.validate.catalog" -}}
{{- $pools := dict -}}
{{- range .Values.inference.pools }}{{ $_ := set $pools .name . }}{{ end -}}
{{- range $name := keys .Values.modelRepository.models | sortAlpha }}
{{- $m := get $.Values.modelRepository.models $name }}
{{- if not (hasKey $pools $m.pool) }}
modelRepository.models.{{ $name }}.pool: '{{ $m.pool }}' is not in inference.pools; add the pool or move the model.
{{- else }}
{{- $http := eq ($m.backend | default "djl") "http" }}
{{- $kind := include "braid.poolKind" (get $pools $m.pool) }}
{{- if and $http (ne $kind "io") }}
modelRepository.models.{{ $name }}.pool: '{{ $m.pool }}' is a {{ $kind }} pool; an http model (backend: http) runs in a pool of kind io (inference.pools[].kind: io).
{{- else if and (not $http) (eq $kind "io") }}
modelRepository.models.{{ $name }}.pool: '{{ $m.pool }}' is an io pool, which runs http models only (backend: http); move the model to a cpu or gpu pool.
{{- else if and $http (ne ($m.device | default "io") "io") }}
modelRepository.models.{{ $name }}.device: an http model runs on device io, not {{ $m.device }}.
{{- else if and (eq ($m.device | default "cpu") "gpu") (eq (int (include "braid.poolGpus" (get $pools $m.pool))) 0) }}
modelRepository.models.{{ $name }}.device: gpu, but pool '{{ $m.pool }}' requests no nvidia.com/gpu.
{{- end }}
{{- end }}
{{- with ($m.http | default dict).apiKeySecret }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" .) }}
modelRepository.models.{{ $name }}.http.apiKeySecret: '{{ . }}' is not a Secret name (lower-case letters, digits and '-', at most 63); name the Secret, never put the key in values.
{{- end }}
{{- end }}
{{- end }}
{{- range $pname := keys .Values.pipelines | sortAlpha }}
{{- $p := get $.Values.pipelines $pname }}
{{- range $p.branches }}
{{- if not (hasKey $.Values.modelRepository.models .model) }}
pipelines.{{ $pname }}: branch '{{ .name }}' names model '{{ .model }}', which is not in modelRepository.models.
{{- end }}
{{- end }}
{{- range $step := list "plan" "synthesis" }}
{{- with (get $p $step) }}
{{- if not (hasKey $.Values.modelRepository.models .model) }}
pipelines.{{ $pname }}.{{ $step }}: model '{{ .model }}' is not in modelRepository.models.
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (eq .Values.modelRepository.source "volume") (not .Values.modelRepository.volume.claimName) }}
modelRepository.volume.claimName: source is volume; name the PersistentVolumeClaim that holds <model>/<file>.
{{- end }}
{{- if and .Values.tests.enabled (not (hasKey .Values.pipelines .Values.tests.pipeline)) }}
tests.pipeline: '{{ .Values.tests.pipeline }}' is not in pipelines; the helm test submits a job to it.
{{- end }}
{{- end -}}

{{- define "braid.validate.auth" -}}
{{- $a := .Values.gateway.auth -}}
{{- if and $a.enabled $a.existingSecret $a.tenants }}
gateway.auth.tenants: the tenants come from gateway.auth.existingSecret; list them there, not in values.
{{- end }}
{{- if and $a.enabled $a.existingSecret .Values.tests.enabled (not .Values.tests.apiKeySecret) }}
tests.apiKeySecret: with gateway.auth.existingSecret, name a Secret holding a key of a tenant that may use pipeline '{{ .Values.tests.pipeline }}' (key api-key), or set tests.enabled=false.
{{- end }}
{{- end -}}
