{{/*
The gateway's API keys (gateway.auth): the tenants file of key hashes, mounted from a Secret, and where the
gateway reads it. See templates/config/secrets.yaml for the Secret the chart makes from gateway.auth.tenants.
*/}}
{{- define "braid.authSecretName" -}}
{{- .Values.gateway.auth.existingSecret | default (printf "%s-tenants" (include "braid.fullname" .)) -}}
{{- end -}}

{{- define "braid.authEnv" -}}
- name: BRAID_GATEWAY_AUTH_ENABLED
  value: {{ .Values.gateway.auth.enabled | quote }}
{{- if .Values.gateway.auth.enabled }}
- name: BRAID_GATEWAY_AUTH_TENANTS_FILE
  value: /etc/braid/auth/{{ .Values.gateway.auth.tenantsKey }}
{{- end }}
{{- end -}}

{{- define "braid.authVolumeMounts" -}}
{{- if .Values.gateway.auth.enabled }}
- {name: tenants, mountPath: /etc/braid/auth, readOnly: true}
{{- end }}
{{- end -}}

{{- define "braid.authVolumes" -}}
{{- if .Values.gateway.auth.enabled }}
- name: tenants
  secret: {secretName: {{ include "braid.authSecretName" . }}, defaultMode: 0440}
{{- end }}
{{- end -}}
