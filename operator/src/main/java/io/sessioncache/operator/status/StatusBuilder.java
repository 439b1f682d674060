package io.sessioncache.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.roll.RollDecision;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Derives the whole status from the resource, what was observed and the roller's decision. Pure: the clock is an argument. */
public final class StatusBuilder {

    public static final String REASON_AS_EXPECTED = "AsExpected";
    public static final String REASON_ALL_MEMBERS_READY = "AllMembersReady";
    public static final String REASON_MEMBERS_NOT_READY = "MembersNotReady";
    public static final String REASON_CREATING = "Creating";
    public static final String REASON_SCALING = "Scaling";
    public static final String REASON_ROLLING = "Rolling";
    public static final String REASON_UP_TO_DATE = "UpToDate";
    public static final String REASON_WAITING_FOR_MEMBERS = "WaitingForMembers";
    public static final String REASON_HALTED = "Halted";

    private StatusBuilder() {
    }

    /**
     * Status of a cluster whose spec was applied.
     *
     * @param memberTarget the member count the StatefulSet was given this reconcile (one step of a scale-down)
     * @param clusterSafe whether every member reports cluster-safe; null while no member answers
     */
    public static SessionClusterStatus applied(SessionCluster cluster, ClusterObservation observed, RollDecision decision,
                                               int memberTarget, Boolean clusterSafe, Instant now) {
        SessionClusterStatus status = base(cluster, observed);
        status.setClusterSafe(clusterSafe);
        int desired = cluster.getSpec().getReplicas();
        boolean ready = decision instanceof RollDecision.Steady && memberTarget == desired
                && observed.statefulSetObserved() && observed.readyReplicas() == desired;
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster))
                .set(ConditionType.Ready, ready, ready ? REASON_ALL_MEMBERS_READY : REASON_MEMBERS_NOT_READY,
                        "%d of %d members ready".formatted(observed.readyReplicas(), desired));
        progressing(conditions, observed, decision, memberTarget, desired);
        if (decision instanceof RollDecision.Halt halt) {
            conditions.set(ConditionType.Degraded, true, halt.reason(), halt.message());
        } else {
            conditions.set(ConditionType.Degraded, false, REASON_AS_EXPECTED, "spec applied");
        }
        status.setConditions(conditions.build());
        return status;
    }

    /**
     * Status of a cluster whose spec cannot be applied: Degraded with every problem named. The last good children stay,
     * so the member counts still describe them; observedGeneration moves on because this generation was looked at.
     */
    public static SessionClusterStatus invalid(SessionCluster cluster, ClusterObservation observed,
                                               List<SpecProblem> problems, Instant now) {
        SessionClusterStatus status = base(cluster, observed);
        SessionClusterStatus previous = cluster.getStatus();
        if (previous != null) {
            status.setVersion(previous.getVersion());
            status.setClusterSafe(previous.getClusterSafe());
        }
        String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
        List<String> reasons = problems.stream().map(SpecProblem::reason).distinct().toList();
        String reason = reasons.size() == 1 ? reasons.get(0) : SpecProblem.INVALID_SPEC;
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster));
        Conditions.find(previousConditions(cluster), ConditionType.Ready).ifPresentOrElse(
                last -> conditions.set(ConditionType.Ready, last.getStatus(), last.getReason(), last.getMessage()),
                () -> conditions.set(ConditionType.Ready, false, reason, "spec cannot be applied"));
        conditions.set(ConditionType.Progressing, false, reason, "waiting for a spec that can be applied");
        conditions.set(ConditionType.Degraded, true, reason, message);
        status.setConditions(conditions.build());
        return status;
    }

    private static SessionClusterStatus base(SessionCluster cluster, ClusterObservation observed) {
        SessionClusterStatus status = new SessionClusterStatus();
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setReplicas(observed.replicas());
        status.setReadyReplicas(observed.readyReplicas());
        status.setUpdatedReplicas(observed.updatedReplicas());
        status.setCurrentRevision(observed.currentRevision());
        status.setUpdateRevision(observed.updateRevision());
        status.setSelector(ClusterLabels.selectorString(cluster));
        status.setVersion(cluster.getSpec().getVersion());
        status.setClientConfigMap(ClusterNames.of(cluster).clientConfigMap());
        return status;
    }

    private static void progressing(Conditions conditions, ClusterObservation observed, RollDecision decision,
                                    int memberTarget, int desired) {
        if (decision instanceof RollDecision.Halt halt) {
            conditions.set(ConditionType.Progressing, false, REASON_HALTED, "halted: " + halt.message());
        } else if (!observed.statefulSetObserved() && observed.replicas() == 0) {
            conditions.set(ConditionType.Progressing, true, REASON_CREATING, "creating %d members".formatted(desired));
        } else if (memberTarget != desired || observed.replicas() != desired) {
            conditions.set(ConditionType.Progressing, true, REASON_SCALING,
                    "scaling from %d to %d members%s".formatted(observed.replicas(), desired, detail(decision)));
        } else if (decision instanceof RollDecision.Restart restart) {
            conditions.set(ConditionType.Progressing, true, REASON_ROLLING, restart.message());
        } else if (decision instanceof RollDecision.Wait wait) {
            boolean rolling = observed.updatedReplicas() < desired || !observed.rolledOut();
            conditions.set(ConditionType.Progressing, true, rolling ? REASON_ROLLING : REASON_WAITING_FOR_MEMBERS, wait.message());
        } else {
            conditions.set(ConditionType.Progressing, false, REASON_UP_TO_DATE, "all %d members up to date".formatted(desired));
        }
    }

    private static String detail(RollDecision decision) {
        return decision instanceof RollDecision.Wait wait ? ": " + wait.message() : "";
    }

    private static List<Condition> previousConditions(SessionCluster cluster) {
        return cluster.getStatus() == null ? List.of() : cluster.getStatus().getConditions();
    }

    private static long generation(SessionCluster cluster) {
        Long generation = cluster.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
