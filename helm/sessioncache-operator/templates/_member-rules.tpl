{{/*
Alerts on the members' own metrics, as the members' Prometheus exporter names them. Every metric name used here is
listed in monitoring/member-metrics.txt; both are kept in line with what the members' exporter really produces.
*/}}
{{- define "sessioncache-operator.memberRules" -}}
- name: sessioncache-members
  rules:
  - alert: SessionCacheMemberHeapHigh
    expr: com_hazelcast_Metrics_usedHeap / com_hazelcast_Metrics_maxHeap > {{ .Values.metrics.prometheusRule.heapUsedRatio }}
    for: 15m
    labels:
      severity: warning
    annotations:
      summary: '{{`Member {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its heap`}}'
      description: >-
        {{`The member has used more than`}} {{ mulf .Values.metrics.prometheusRule.heapUsedRatio 100 }}{{`% of its maximum heap for
        15 minutes. Near the limit the session map evicts sessions (if an eviction policy is set) or the member runs
        out of memory: give members more memory or more members.`}}
  - alert: SessionCacheSessionsEvicted
    expr: increase(com_hazelcast_Metrics_evictionCount{prefix="map"}[10m]) > 0
    labels:
      severity: warning
    annotations:
      summary: '{{`Member {{ $labels.namespace }}/{{ $labels.pod }} evicted sessions`}}'
      description: >-
        {{`The session map's eviction policy removed live sessions in the last 10 minutes: users were
        logged out early. The cluster needs more memory.`}}
{{- end }}
