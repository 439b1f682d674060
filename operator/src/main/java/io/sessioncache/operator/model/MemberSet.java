package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.SessionCluster;

/**
 * One StatefulSet of members and what is named after it: its discovery Service, its member ConfigMap and its pods.
 * A cluster's first set is named for the cluster; a minor-version upgrade starts a second one beside it, named for
 * its version ({@code web-5-7}), which serves from then on. {@code status.memberSet} records which set serves.
 */
public record MemberSet(String name) {

    /** The set that serves clients: the one status names, else the first. */
    public static MemberSet serving(SessionCluster cluster) {
        String recorded = cluster.getStatus() == null ? null : cluster.getStatus().getMemberSet();
        return recorded == null || recorded.isBlank() ? first(cluster) : new MemberSet(recorded);
    }

    public static MemberSet first(SessionCluster cluster) {
        return new MemberSet(cluster.getMetadata().getName());
    }

    /** The set an upgrade to {@code version} starts: "5.7.0" gives {@code <cluster>-5-7}. */
    public static MemberSet forVersion(SessionCluster cluster, String version) {
        String[] parts = version.split("\\.");
        return new MemberSet(cluster.getMetadata().getName() + "-" + parts[0] + "-" + (parts.length > 1 ? parts[1] : "0"));
    }

    public String statefulSet() {
        return name;
    }

    /** Headless Service the set's members discover each other through; also the StatefulSet's serviceName. */
    public String membersService() {
        return name + "-members";
    }

    public String memberConfigMap() {
        return name + "-member-config";
    }

    public String pod(int ordinal) {
        return name + "-" + ordinal;
    }
}
