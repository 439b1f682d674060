package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The app.kubernetes.io labels every child carries, and the subset that selects member pods. */
public final class ClusterLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String VERSION = "app.kubernetes.io/version";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Set on cluster-scoped children, which cannot carry an owner reference to a namespaced owner. */
    public static final String OWNER_NAMESPACE = "sessioncache.io/namespace";
    /** On application pods: {@code sessioncache.io/client: <cluster>} lets them through the members' default NetworkPolicy. */
    public static final String CLIENT = "sessioncache.io/client";

    public static final String APP_NAME = "hazelcast";
    public static final String COMPONENT_VALUE = "session-cache";
    public static final String PART_OF_VALUE = "sessioncache";
    public static final String OPERATOR = "sessioncache-operator";

    /** Label selector that matches every child of every SessionCluster this operator manages. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private ClusterLabels() {
    }

    /** Selects the member pods of one cluster. Never changes for the life of the cluster. */
    public static Map<String, String> selector(SessionCluster cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP_NAME);
        labels.put(INSTANCE, cluster.getMetadata().getName());
        return labels;
    }

    public static String selectorString(SessionCluster cluster) {
        return selector(cluster).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Labels on every child. */
    public static Map<String, String> of(SessionCluster cluster) {
        Map<String, String> labels = selector(cluster);
        labels.put(COMPONENT, COMPONENT_VALUE);
        labels.put(PART_OF, PART_OF_VALUE);
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }

    /** Labels on member pods: the child labels, the version, and the user's extra labels (which cannot override ours). */
    public static Map<String, String> pod(SessionCluster cluster) {
        Map<String, String> labels = new LinkedHashMap<>(cluster.getSpec().getPod().getLabels());
        labels.putAll(of(cluster));
        labels.put(VERSION, cluster.getSpec().getVersion());
        return labels;
    }
}
