package io.sessioncache.operator.status;

import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Derives the whole status from the resource and what was observed. Pure: the clock comes in as an argument. */
public final class StatusBuilder {

    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    public static final String REASON_AS_EXPECTED = "AsExpected";
    public static final String REASON_ALL_MEMBERS_READY = "AllMembersReady";
    public static final String REASON_MEMBERS_NOT_READY = "MembersNotReady";
    public static final String REASON_CREATING = "Creating";
    public static final String REASON_SCALING = "Scaling";
    public static final String REASON_ROLLING = "Rolling";
    public static final String REASON_UP_TO_DATE = "UpToDate";
    public static final String REASON_WAITING_FOR_MEMBERS = "WaitingForMembers";

    private StatusBuilder() {
    }

    /** Status of a cluster whose spec was applied. */
    public static SessionClusterStatus applied(SessionCluster cluster, ClusterObservation observed, Instant now) {
        SessionClusterStatus status = base(cluster, observed);
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        int desired = cluster.getSpec().getReplicas();
        boolean allReady = observed.statefulSetObserved() && observed.readyReplicas() == desired
                && observed.replicas() == desired && observed.updatedReplicas() == desired;
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster))
                .set(ConditionType.Ready, allReady,
                        allReady ? REASON_ALL_MEMBERS_READY : REASON_MEMBERS_NOT_READY,
                        "%d of %d members ready".formatted(observed.readyReplicas(), desired));
        progressing(conditions, observed, desired, allReady);
        conditions.set(ConditionType.Degraded, false, REASON_AS_EXPECTED, "spec applied");
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
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        SessionClusterStatus previous = cluster.getStatus();
        if (previous != null) {
            status.setVersion(previous.getVersion());
        }
        String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster));
        Conditions.find(previousConditions(cluster), ConditionType.Ready).ifPresentOrElse(
                ready -> conditions.set(ConditionType.Ready, ready.getStatus(), ready.getReason(), ready.getMessage()),
                () -> conditions.set(ConditionType.Ready, false, REASON_INVALID_SPEC, "spec cannot be applied"));
        conditions.set(ConditionType.Progressing, false, REASON_INVALID_SPEC, "waiting for a valid spec");
        conditions.set(ConditionType.Degraded, true, REASON_INVALID_SPEC, message);
        status.setConditions(conditions.build());
        return status;
    }

    private static SessionClusterStatus base(SessionCluster cluster, ClusterObservation observed) {
        SessionClusterStatus status = new SessionClusterStatus();
        status.setReplicas(observed.replicas());
        status.setReadyReplicas(observed.readyReplicas());
        status.setUpdatedReplicas(observed.updatedReplicas());
        status.setCurrentRevision(observed.currentRevision());
        status.setUpdateRevision(observed.updateRevision());
        status.setSelector(ClusterLabels.selectorString(cluster));
        status.setVersion(cluster.getSpec().getVersion());
        status.setClientConfigMap(ClusterNames.of(cluster).clientConfigMap());
        if (cluster.getStatus() != null) {
            status.setClusterSafe(cluster.getStatus().getClusterSafe());
        }
        return status;
    }

    private static void progressing(Conditions conditions, ClusterObservation observed, int desired, boolean allReady) {
        if (allReady && observed.rolledOut()) {
            conditions.set(ConditionType.Progressing, false, REASON_UP_TO_DATE, "all %d members up to date".formatted(desired));
        } else if (!observed.statefulSetObserved() && observed.replicas() == 0) {
            conditions.set(ConditionType.Progressing, true, REASON_CREATING, "creating %d members".formatted(desired));
        } else if (observed.replicas() != desired) {
            conditions.set(ConditionType.Progressing, true, REASON_SCALING,
                    "scaling from %d to %d members".formatted(observed.replicas(), desired));
        } else if (observed.updatedReplicas() < desired || !observed.rolledOut()) {
            conditions.set(ConditionType.Progressing, true, REASON_ROLLING,
                    "%d of %d members up to date".formatted(observed.updatedReplicas(), desired));
        } else {
            conditions.set(ConditionType.Progressing, true, REASON_WAITING_FOR_MEMBERS,
                    "%d of %d members ready".formatted(observed.readyReplicas(), desired));
        }
    }

    private static List<io.fabric8.kubernetes.api.model.Condition> previousConditions(SessionCluster cluster) {
        return cluster.getStatus() == null ? List.of() : cluster.getStatus().getConditions();
    }

    private static long generation(SessionCluster cluster) {
        Long generation = cluster.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
