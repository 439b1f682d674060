{{/* Chart name, overridable. */}}
{{- define "sessioncache-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's resources. */}}
{{- define "sessioncache-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels selecting the operator pods; never change them on upgrade (Deployment selectors are immutable). */}}
{{- define "sessioncache-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sessioncache-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every resource of the chart. */}}
{{- define "sessioncache-operator.labels" -}}
{{ include "sessioncache-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: sessioncache
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sessioncache-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sessioncache-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sessioncache-operator.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The operator's rules inside every namespace it watches: granted cluster-wide by a ClusterRole when it watches all
namespaces, or by a Role in each watched namespace. Each rule is one thing the operator does; see docs/installation.md.
*/}}
{{- define "sessioncache-operator.namespacedRules" -}}
# The SessionClusters it reconciles (finalizers: it cleans up the cluster-scoped binding on delete).
- apiGroups: ["sessioncache.io"]
  resources: ["sessionclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["sessioncache.io"]
  resources: ["sessionclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["sessioncache.io"]
  resources: ["sessionclusters/finalizers"]
  verbs: ["update"]
# The children it applies (server-side apply), watches (label app.kubernetes.io/managed-by=sessioncache-operator)
# and removes when no longer needed.
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
# Member pods: watched, and deleted one at a time by the roller.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "delete"]
# Held only so that it may grant them to members in their discovery Role (RBAC escalation check).
- apiGroups: [""]
  resources: ["endpoints"]
  verbs: ["get", "list"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["get", "list"]
# Events on SessionClusters.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
