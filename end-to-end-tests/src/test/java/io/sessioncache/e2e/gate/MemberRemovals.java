package io.sessioncache.e2e.gate;

import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.LocalControlPlane;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The member-removing writes for one cluster, by the operator (and the evictions of other users named), read from the
 * API server's audit log: pod deletes and evictions of its members, and StatefulSet writes that lower its replicas. Also the sequence of replicas the operator
 * wrote, for order checks such as 5, 4, 3, 2.
 */
public record MemberRemovals(List<MemberRemoval> removals, List<Integer> replicas) {

    /**
     * @param entries         audit entries since a mark, in log order
     * @param initialReplicas the StatefulSet's replicas at the mark
     */
    public static MemberRemovals of(List<AuditLog.Entry> entries, String namespace, String cluster, int initialReplicas) {
        return of(entries, namespace, cluster, initialReplicas, Set.of());
    }

    /**
     * @param evictors users whose evictions count too, e.g. whoever drains nodes (only their evictions: the same user
     *                 may be the kubelet's, whose final delete of a stopped pod removes nothing)
     */
    public static MemberRemovals of(List<AuditLog.Entry> entries, String namespace, String cluster, int initialReplicas,
                                    Set<String> evictors) {
        List<MemberRemoval> removals = new ArrayList<>();
        List<Integer> replicas = new ArrayList<>(List.of(initialReplicas));
        int current = initialReplicas;
        for (AuditLog.Entry e : entries) {
            if (!e.isWrite() || !e.succeeded() || !namespace.equals(e.namespace())) {
                continue;
            }
            if (!e.by(LocalControlPlane.OPERATOR_USER)) {
                if (evictors.stream().anyMatch(e::by) && isEviction(e) && isMember(e.name(), cluster)) {
                    removals.add(new MemberRemoval(e.received(), MemberRemoval.Kind.POD_DELETE, e.describe(), e.name(), current, 1, 0));
                }
                continue;
            }
            if (isMemberPodRemoval(e, cluster)) {
                removals.add(new MemberRemoval(e.received(), MemberRemoval.Kind.POD_DELETE, e.describe(), e.name(), current, 1, 0));
            } else if (isStatefulSetWrite(e, cluster) && e.responseObject().path("spec").has("replicas")) {
                int written = e.responseObject().path("spec").path("replicas").asInt();
                if (written < current) {
                    removals.add(new MemberRemoval(e.received(), MemberRemoval.Kind.REPLICAS_DECREASE,
                            "replicas %d -> %d (%s)".formatted(current, written, e.describe()), cluster + "-" + (current - 1),
                            current, current - written, e.responseObject().path("metadata").path("resourceVersion").asLong(0)));
                }
                if (written != current) {
                    replicas.add(written);
                    current = written;
                }
            }
        }
        return new MemberRemovals(List.copyOf(removals), List.copyOf(replicas));
    }

    private static boolean isMemberPodRemoval(AuditLog.Entry e, String cluster) {
        boolean delete = "pods".equals(e.resource()) && "delete".equals(e.verb()) && e.subresource().isEmpty();
        return (delete || isEviction(e)) && isMember(e.name(), cluster);
    }

    private static boolean isEviction(AuditLog.Entry e) {
        return "pods".equals(e.resource()) && "create".equals(e.verb()) && "eviction".equals(e.subresource());
    }

    private static boolean isStatefulSetWrite(AuditLog.Entry e, String cluster) {
        return "statefulsets".equals(e.resource()) && (e.subresource().isEmpty() || "scale".equals(e.subresource()))
                && cluster.equals(e.name());
    }

    static boolean isMember(String pod, String cluster) {
        return pod.startsWith(cluster + "-") && pod.substring(cluster.length() + 1).matches("[0-9]+");
    }
}
