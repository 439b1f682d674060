package io.sessioncache.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** How far a SessionCluster has got, read from its status: "2/3 members ready", and whether it is Ready. */
record SessionClusterProgress(int desired, int readyMembers, boolean readyCondition, String reason) {

    static SessionClusterProgress of(GenericKubernetesResource cluster) {
        if (cluster == null) {
            return new SessionClusterProgress(0, 0, false, "not found");
        }
        Map<?, ?> spec = (Map<?, ?>) cluster.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<?, ?> status = (Map<?, ?>) cluster.getAdditionalProperties().getOrDefault("status", Map.of());
        int desired = number(spec.get("replicas"), 3);
        int ready = number(status.get("readyReplicas"), 0);
        List<?> conditions = (List<?>) (status.get("conditions") == null ? List.of() : status.get("conditions"));
        boolean isReady = false;
        String reason = "waiting for the operator";
        for (Object item : conditions) {
            Map<?, ?> condition = (Map<?, ?>) item;
            if ("Ready".equals(condition.get("type"))) {
                isReady = "True".equals(condition.get("status"));
                reason = String.valueOf(condition.get("reason"));
            }
        }
        return new SessionClusterProgress(desired, ready, isReady, reason);
    }

    boolean ready() {
        return readyCondition && readyMembers >= desired;
    }

    String describe() {
        return readyMembers + "/" + desired + " members ready (" + reason + ")";
    }

    private static int number(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }
}
