package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberHealth;
import io.sessioncache.operator.roll.MemberHealthProbe;
import io.sessioncache.operator.roll.MemberView;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the member pods from the informer cache and asks each running member how the cluster is. */
final class MemberObserver {

    private final MemberHealthProbe probe;

    MemberObserver(MemberHealthProbe probe) {
        this.probe = probe;
    }

    ClusterView observe(StatefulSet statefulSet, Context<SessionCluster> context, Instant now) {
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream()
                .filter(pod -> isMemberOf(pod, statefulSet))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
        List<String> ips = pods.stream().map(pod -> pod.getStatus() == null ? null : pod.getStatus().getPodIP())
                .filter(Objects::nonNull).toList();
        Map<String, MemberHealth> health = ips.isEmpty() ? Map.of() : probe.probe(ips);
        List<MemberView> members = pods.stream()
                .map(pod -> MemberView.of(pod, statefulSet.getSpec().getTemplate(),
                        health.getOrDefault(pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPodIP()),
                                MemberHealth.UNREACHABLE)))
                .toList();
        String updateRevision = statefulSet.getStatus() == null ? null : statefulSet.getStatus().getUpdateRevision();
        return new ClusterView(statefulSet.getSpec().getReplicas(), updateRevision, members, now);
    }

    /** Whether every member answers and all report cluster-safe; null when none answers (e.g. none runs yet). */
    static Boolean clusterSafe(ClusterView view) {
        if (view.members().stream().noneMatch(m -> m.health().reachable())) {
            return null;
        }
        return view.allSafe();
    }

    private static boolean isMemberOf(Pod pod, StatefulSet statefulSet) {
        return pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> "StatefulSet".equals(ref.getKind()) && statefulSet.getMetadata().getName().equals(ref.getName()));
    }
}
