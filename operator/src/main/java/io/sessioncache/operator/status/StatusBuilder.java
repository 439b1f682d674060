package io.sessioncache.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.api.v1alpha1.UpgradeStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.model.MemberSet;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberStep;
import io.sessioncache.operator.roll.StatefulSetState;
import io.sessioncache.operator.upgrade.UpgradeStep;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    public static final String REASON_RECONCILE_FAILED = "ReconcileFailed";
    public static final String REASON_UPGRADING = "Upgrading";

    private StatusBuilder() {
    }

    /**
     * Status of a cluster whose spec was applied.
     *
     * @param step what the operator does with the members this reconcile
     */
    public static SessionClusterStatus applied(SessionCluster cluster, ClusterView view, MemberStep step, Instant now) {
        SessionClusterStatus status = base(cluster, view);
        status.setClusterSafe(view.clusterSafe());
        int desired = cluster.getSpec().getReplicas();
        StatefulSetState statefulSet = view.statefulSet();
        boolean ready = step instanceof MemberStep.Steady;
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster))
                .set(ConditionType.Ready, ready, ready ? REASON_ALL_MEMBERS_READY : REASON_MEMBERS_NOT_READY,
                        "%d of %d members ready".formatted(statefulSet.readyPods(), desired));
        progressing(conditions, statefulSet, step, desired);
        if (step instanceof MemberStep.Halt halt) {
            conditions.set(ConditionType.Degraded, true, halt.reason(), halt.message());
        } else {
            conditions.set(ConditionType.Degraded, false, REASON_AS_EXPECTED, "spec applied");
        }
        status.setConditions(conditions.build());
        return status;
    }

    /**
     * Status of a cluster in a minor-version upgrade: the member counts and version of the set that serves clients,
     * Ready while it serves them, Progressing with the upgrade's step, Degraded when the upgrade halted.
     *
     * @param serving the member set clients use now
     * @param upgrade the upgrade as it stands after this step; null once it has ended
     */
    public static SessionClusterStatus upgrading(SessionCluster cluster, ClusterView serving, UpgradeStep step,
                                                 UpgradeStatus upgrade, Instant now) {
        SessionClusterStatus status = base(cluster, serving);
        status.setClusterSafe(serving.clusterSafe());
        status.setUpgrade(upgrade);
        StatefulSetState statefulSet = serving.statefulSet();
        boolean ready = statefulSet.exists() && statefulSet.readyPods() == statefulSet.replicas()
                && Boolean.TRUE.equals(serving.clusterSafe());
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster))
                .set(ConditionType.Ready, ready, ready ? REASON_ALL_MEMBERS_READY : REASON_MEMBERS_NOT_READY,
                        "%d of %d members ready".formatted(statefulSet.readyPods(), statefulSet.replicas()));
        if (step instanceof UpgradeStep.Halt halt) {
            conditions.set(ConditionType.Progressing, false, REASON_HALTED, "halted: " + halt.message());
            conditions.set(ConditionType.Degraded, true, halt.reason(), halt.message());
        } else {
            conditions.set(ConditionType.Progressing, upgrade != null, upgrade != null ? REASON_UPGRADING : REASON_UP_TO_DATE,
                    upgrade != null ? step.message() : "upgrade ended");
            conditions.set(ConditionType.Degraded, false, REASON_AS_EXPECTED, "spec applied");
        }
        status.setConditions(conditions.build());
        return status;
    }

    /** The reason of a Degraded condition that is True, or null. */
    public static String degradedReason(SessionClusterStatus status) {
        return degraded(status).map(Condition::getReason).orElse(null);
    }

    /** The Degraded condition, when it is True. */
    public static Optional<Condition> degraded(SessionClusterStatus status) {
        if (status == null) {
            return Optional.empty();
        }
        return Conditions.find(status.getConditions(), ConditionType.Degraded)
                .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    }

    /**
     * Status of a cluster whose spec cannot be applied: Degraded with every problem named. The last good children stay,
     * so the member counts still describe them; observedGeneration moves on because this generation was looked at.
     */
    public static SessionClusterStatus invalid(SessionCluster cluster, ClusterView view, List<SpecProblem> problems,
                                               Instant now) {
        String message = problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
        List<String> reasons = problems.stream().map(SpecProblem::reason).distinct().toList();
        String reason = reasons.size() == 1 ? reasons.get(0) : SpecProblem.INVALID_SPEC;
        return stopped(cluster, view, reason, message, "waiting for a spec that can be applied", now);
    }

    /**
     * Status after a reconcile failed unexpectedly (the API server refused a write, a bug): Degraded with the error,
     * the rest as last reported, since nothing this reconcile did can be trusted to have happened.
     */
    public static SessionClusterStatus failed(SessionCluster cluster, String error, Instant now) {
        SessionClusterStatus status = cluster.getStatus() == null ? new SessionClusterStatus() : cluster.getStatus().copy();
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster));
        keepOrSet(conditions, cluster, ConditionType.Ready, REASON_RECONCILE_FAILED, "the last reconcile failed");
        keepOrSet(conditions, cluster, ConditionType.Progressing, REASON_RECONCILE_FAILED, "the last reconcile failed");
        conditions.set(ConditionType.Degraded, true, REASON_RECONCILE_FAILED, error);
        status.setConditions(conditions.build());
        return status;
    }

    private static SessionClusterStatus stopped(SessionCluster cluster, ClusterView view, String reason, String message,
                                                String progressing, Instant now) {
        SessionClusterStatus status = base(cluster, view);
        if (cluster.getStatus() != null) {
            status.setClusterSafe(cluster.getStatus().getClusterSafe());
        }
        Conditions conditions = new Conditions(previousConditions(cluster), now, generation(cluster));
        keepOrSet(conditions, cluster, ConditionType.Ready, reason, "spec cannot be applied");
        conditions.set(ConditionType.Progressing, false, reason, progressing);
        conditions.set(ConditionType.Degraded, true, reason, message);
        status.setConditions(conditions.build());
        return status;
    }

    /** Keeps a condition as last reported, or sets it False with this reason when there is none yet. */
    private static void keepOrSet(Conditions conditions, SessionCluster cluster, ConditionType type, String reason,
                                  String message) {
        Conditions.find(previousConditions(cluster), type).ifPresentOrElse(
                last -> conditions.set(type, last.getStatus(), last.getReason(), last.getMessage()),
                () -> conditions.set(type, false, reason, message));
    }

    private static SessionClusterStatus base(SessionCluster cluster, ClusterView view) {
        StatefulSetState statefulSet = view.statefulSet();
        SessionClusterStatus status = new SessionClusterStatus();
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setReplicas(statefulSet.pods());
        status.setReadyReplicas(statefulSet.readyPods());
        status.setUpdatedReplicas(statefulSet.updatedPods());
        status.setCurrentRevision(statefulSet.currentRevision());
        status.setUpdateRevision(statefulSet.updateRevision());
        status.setSelector(ClusterLabels.selectorString(cluster));
        status.setVersion(view.runningVersions());
        status.setDesiredVersion(cluster.getSpec().getVersion());
        status.setClientConfigMap(ClusterNames.of(cluster).clientConfigMap());
        status.setMemberSet(MemberSet.serving(cluster).name());
        if (cluster.getStatus() != null) {
            // The reconciler states it anew once the spec is applied; until then the last applied policy stands.
            status.setNetworkAccess(cluster.getStatus().getNetworkAccess());
            // An upgrade under way stays recorded while a spec cannot be applied: it resumes from there.
            status.setUpgrade(cluster.getStatus().getUpgrade());
        }
        return status;
    }

    private static void progressing(Conditions conditions, StatefulSetState statefulSet, MemberStep step, int desired) {
        if (step instanceof MemberStep.Halt halt) {
            conditions.set(ConditionType.Progressing, false, REASON_HALTED, "halted: " + halt.message());
        } else if (!statefulSet.exists() || !statefulSet.observed() && statefulSet.pods() == 0) {
            conditions.set(ConditionType.Progressing, true, REASON_CREATING, "creating %d members".formatted(desired));
        } else if (statefulSet.replicas() != desired || statefulSet.pods() != desired) {
            conditions.set(ConditionType.Progressing, true, REASON_SCALING,
                    "scaling from %d to %d members%s".formatted(statefulSet.pods(), desired, detail(step)));
        } else if (step instanceof MemberStep.Delete delete) {
            conditions.set(ConditionType.Progressing, true, REASON_ROLLING, delete.message());
        } else if (step instanceof MemberStep.Wait wait) {
            boolean rolling = statefulSet.updatedPods() < desired || !statefulSet.rolledOut();
            conditions.set(ConditionType.Progressing, true, rolling ? REASON_ROLLING : REASON_WAITING_FOR_MEMBERS, wait.message());
        } else {
            conditions.set(ConditionType.Progressing, false, REASON_UP_TO_DATE, "all %d members up to date".formatted(desired));
        }
    }

    private static String detail(MemberStep step) {
        if (step instanceof MemberStep.Wait wait) {
            return ": " + wait.message();
        }
        return step instanceof MemberStep.ScaleTo scale ? ": " + scale.message() : "";
    }

    private static List<Condition> previousConditions(SessionCluster cluster) {
        return cluster.getStatus() == null ? List.of() : cluster.getStatus().getConditions();
    }

    private static long generation(SessionCluster cluster) {
        Long generation = cluster.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
