package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.DisruptionBudgetState;
import io.sessioncache.operator.roll.MemberHealth;
import io.sessioncache.operator.roll.MemberHealthProbe;
import io.sessioncache.operator.roll.MemberView;
import io.sessioncache.operator.roll.StatefulSetState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the StatefulSet and its member pods from the informer caches, asks each running member how the cluster is, and
 * remembers since when each cluster has been safe or unsafe: a roll that waits on safety halts after a bound, and a
 * member goes only once the cluster has stayed safe for a moment, not on the first safe answer after a migration.
 */
final class MemberObserver {

    private final MemberHealthProbe probe;
    private final SafetyHistory safety = new SafetyHistory();

    MemberObserver(MemberHealthProbe probe) {
        this.probe = probe;
    }

    ClusterView observe(Optional<StatefulSet> statefulSet, Context<SessionCluster> context, Instant now) {
        if (statefulSet.isEmpty()) {
            return ClusterView.nothingYet(now);
        }
        ClusterView view = observeSet(statefulSet.get(), context, now);
        return view.withSafetySince(safety.saw(ResourceID.fromResource(context.getPrimaryResource()),
                        Boolean.TRUE.equals(view.clusterSafe()), now))
                .withDisruptionBudget(DisruptionBudgetState.of(context.getSecondaryResource(PodDisruptionBudget.class)));
    }

    /** One member set's StatefulSet, pods and member health, without the history a roll needs. */
    ClusterView observeSet(StatefulSet sts, Context<SessionCluster> context, Instant now) {
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream()
                .filter(pod -> isMemberOf(pod, sts))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
        List<String> ips = pods.stream().map(MemberObserver::podIp).filter(Objects::nonNull).toList();
        Map<String, MemberHealth> health = ips.isEmpty() ? Map.of() : probe.probe(ips);
        List<MemberView> members = pods.stream()
                .map(pod -> MemberView.of(pod, sts.getSpec().getTemplate(),
                        health.getOrDefault(String.valueOf(podIp(pod)), MemberHealth.UNREACHABLE)))
                .toList();
        return new ClusterView(StatefulSetState.of(Optional.of(sts)), members, now);
    }

    void forget(ResourceID cluster) {
        safety.forget(cluster);
    }

    private static String podIp(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    }

    private static boolean isMemberOf(Pod pod, StatefulSet statefulSet) {
        return pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> "StatefulSet".equals(ref.getKind()) && statefulSet.getMetadata().getName().equals(ref.getName()));
    }
}
