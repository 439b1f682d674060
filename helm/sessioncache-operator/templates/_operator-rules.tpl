{{/*
Alerts on the operator's own metrics (sessioncache_*, per SessionCluster: labels namespace and name) and on the
operator's scrape target.
*/}}
{{- define "sessioncache-operator.operatorRules" -}}
{{- $job := default (printf "%s-metrics" (include "sessioncache-operator.fullname" .)) .Values.metrics.prometheusRule.operatorJob -}}
- name: sessioncache-operator
  rules:
  - alert: SessionCacheOperatorDown
    expr: absent(up{job="{{ $job }}"} == 1)
    for: 5m
    labels:
      severity: critical
    annotations:
      summary: The sessioncache operator is down
      description: >-
        No operator of job {{ $job }} has answered a scrape for 5 minutes. Members keep serving sessions, but no
        SessionCluster is rolled, scaled or healed until an operator runs again.
  - alert: SessionClusterHalted
    expr: sessioncache_cluster_halted == 1
    for: 1m
    labels:
      severity: critical
    annotations:
      summary: '{{`SessionCluster {{ $labels.namespace }}/{{ $labels.name }} halted: {{ $labels.reason }}`}}'
      description: >-
        {{`The operator stopped changing {{ $labels.namespace }}/{{ $labels.name }} and waits for help (condition
        Degraded, reason {{ $labels.reason }}). kubectl describe sessioncluster {{ $labels.name }} -n
        {{ $labels.namespace }} says what it waits for.`}}
  - alert: SessionClusterUnsafe
    expr: sessioncache_cluster_safe == 0 and on (namespace, name) sessioncache_cluster_members_desired > 0
    for: {{ .Values.metrics.prometheusRule.clusterUnsafeFor }}
    labels:
      severity: warning
    annotations:
      summary: '{{`SessionCluster {{ $labels.namespace }}/{{ $labels.name }} is not cluster-safe`}}'
      description: >-
        {{`Partitions of {{ $labels.namespace }}/{{ $labels.name }} have been migrating, or their backups out of sync,
        or a member has not answered, for`}} {{ .Values.metrics.prometheusRule.clusterUnsafeFor }}{{`. Losing one
        more member now can lose sessions; the operator restarts no member until it is safe.`}}
  - alert: SessionClusterMemberMissing
    expr: sessioncache_cluster_members_ready < on (namespace, name) sessioncache_cluster_members_desired
    for: {{ .Values.metrics.prometheusRule.memberMissingFor }}
    labels:
      severity: warning
    annotations:
      summary: '{{`SessionCluster {{ $labels.namespace }}/{{ $labels.name }} has only {{ $value }} members Ready`}}'
      description: >-
        {{`Fewer members of {{ $labels.namespace }}/{{ $labels.name }} are Ready than the spec asks for, for`}}
        {{ .Values.metrics.prometheusRule.memberMissingFor }}{{`: each missing member's partitions live on one
        member fewer.`}}
{{- end }}
