package io.sessioncache.operator.roll;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One cluster at one instant, read back from the API server and the members: the input of every planner decision and
 * of status, so both are pure.
 *
 * @param safetySince since when the operator has seen {@link #clusterSafe()} keep its present value (safe, or not)
 *                    without a break; null when no history is kept. Only this is remembered by the operator, not read
 *                    back: after an operator restart it starts again
 * @param disruptionBudget whether node drains may evict a member right now
 */
public record ClusterView(StatefulSetState statefulSet, List<MemberView> members, Instant now, Instant safetySince,
                          DisruptionBudgetState disruptionBudget) {

    public ClusterView(StatefulSetState statefulSet, List<MemberView> members, Instant now) {
        this(statefulSet, members, now, null, DisruptionBudgetState.CLOSED);
    }

    public static ClusterView nothingYet(Instant now) {
        return new ClusterView(StatefulSetState.ABSENT, List.of(), now);
    }

    public ClusterView withSafetySince(Instant since) {
        return new ClusterView(statefulSet, members, now, since, disruptionBudget);
    }

    public ClusterView withDisruptionBudget(DisruptionBudgetState budget) {
        return new ClusterView(statefulSet, members, now, safetySince, budget);
    }

    /** How long the cluster has been safe without a break; null when unknown, zero while it is not safe. */
    public Duration safeFor() {
        if (!Boolean.TRUE.equals(clusterSafe())) {
            return Duration.ZERO;
        }
        return safetySince == null ? null : Duration.between(safetySince, now);
    }

    /** How long the cluster has been not safe without a break; zero while it is safe or when unknown. */
    public Duration unsafeFor() {
        if (Boolean.TRUE.equals(clusterSafe()) || safetySince == null) {
            return Duration.ZERO;
        }
        return Duration.between(safetySince, now);
    }

    public List<MemberView> outdated() {
        return members.stream().filter(m -> m.outdated(statefulSet.updateRevision())).toList();
    }

    /** Whether every member answers and all report cluster-safe at the StatefulSet's size; null while none answers. */
    public Boolean clusterSafe() {
        if (members.stream().noneMatch(m -> m.health().reachable())) {
            return null;
        }
        return members.size() == statefulSet.replicas()
                && members.stream().allMatch(m -> m.health().safe() && m.health().clusterSize() == members.size());
    }

    /**
     * The Hazelcast versions the members run, e.g. "5.7.0", or "5.6.0, 5.7.0" in the middle of a change. Only members
     * whose container has started count: a pod made at a new version whose image cannot be pulled runs nothing.
     */
    public String runningVersions() {
        String versions = members.stream().filter(m -> m.startedAt() != null).map(MemberView::version)
                .filter(Objects::nonNull).distinct()
                .sorted(Comparator.naturalOrder()).collect(Collectors.joining(", "));
        return versions.isEmpty() ? null : versions;
    }
}
