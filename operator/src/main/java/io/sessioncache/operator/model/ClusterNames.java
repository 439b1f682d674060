package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.SessionCluster;

/** Names of what one SessionCluster owns once, derived from its own name; per member set see {@link MemberSet}. */
public record ClusterNames(String cluster, String namespace) {

    public static ClusterNames of(SessionCluster cluster) {
        return new ClusterNames(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace());
    }

    /** Service applications connect to. */
    public String clientService() {
        return cluster;
    }

    public String clientConfigMap() {
        return cluster + "-client-config";
    }

    public String disruptionBudget() {
        return cluster;
    }

    public String networkPolicy() {
        return cluster;
    }

    public String memberServiceAccount() {
        return cluster + "-member";
    }

    /** Role and RoleBinding that let members discover each other through the Kubernetes API. */
    public String discoveryRole() {
        return cluster + "-member-discovery";
    }

    /** Cluster-scoped binding for zone lookup; namespaced in its name because it is cluster-wide. */
    public String nodeReaderBinding() {
        return "sessioncache-" + namespace + "-" + cluster + "-nodes";
    }

    /** In-cluster DNS name of a Service, resolved through the pod's search domains. */
    public String serviceHost(String service) {
        return service + "." + namespace + ".svc";
    }
}
