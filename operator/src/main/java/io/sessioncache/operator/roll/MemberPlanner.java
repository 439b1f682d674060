package io.sessioncache.operator.roll;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Decides the one step a reconcile takes with a cluster's members: add members, remove one, restart one, wait, or
 * halt. A Ready member is removed (scale-down) or restarted only when all members, itself included, are Ready and form
 * one ACTIVE Hazelcast cluster of the StatefulSet's size that reports cluster-safe and has stayed so for the settle
 * time; a member that is not Ready, only when every other member passes the same check, with or without it in the
 * size, and has been Ready for the settle time. Either only after the StatefulSet controller has acted on the previous
 * step and the disruption budget admits no eviction. So at most one member is ever out of service because of the
 * operator.
 *
 * <p>Order: scale-down before restarts (members about to go are not restarted first); an outdated member that is not
 * Ready before the Ready ones; then highest ordinal first and the oldest member, Hazelcast's master, last.
 */
public final class MemberPlanner {

    public static final String HALT_MEMBERS_NOT_SERVING = "MembersNotServing";
    public static final String HALT_MEMBER_CANNOT_START = "MemberCannotStart";
    public static final String HALT_MEMBER_NOT_READY = "MemberNotReady";
    public static final String HALT_CLUSTER_NOT_SAFE = "ClusterNotSafe";

    /** Kubernetes keeps condition transition times to the second. */
    private static final Duration READY_TIME_RESOLUTION = Duration.ofSeconds(1);

    private final RollTimeouts timeouts;

    public MemberPlanner(RollTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public MemberStep next(int desiredMembers, ClusterView cluster) {
        MemberStep step = decide(desiredMembers, cluster);
        if (removesAMember(step, cluster.statefulSet()) && !cluster.disruptionBudget().closedForEvictions()) {
            // A drain's eviction granted at the same moment would take a second member: close the budget, and go on
            // once evictions already respect it.
            return new MemberStep.Wait("closing the disruption budget to evictions before a member goes");
        }
        return step;
    }

    private MemberStep decide(int desiredMembers, ClusterView cluster) {
        StatefulSetState statefulSet = cluster.statefulSet();
        if (!statefulSet.exists()) {
            return new MemberStep.ScaleTo(desiredMembers, "creating %d members".formatted(desiredMembers));
        }
        if (desiredMembers > statefulSet.replicas()) {
            // Adding takes nothing away; the StatefulSet adds members one by one, each Ready before the next.
            return new MemberStep.ScaleTo(desiredMembers,
                    "adding members: %d to %d".formatted(statefulSet.replicas(), desiredMembers));
        }
        if (!statefulSet.observed()) {
            return new MemberStep.Wait("waiting for the StatefulSet controller to act on the last change");
        }
        List<MemberView> members = cluster.members();
        List<Integer> missing = missingOrdinals(statefulSet.replicas(), members);
        List<MemberView> notServing = members.stream().filter(m -> !m.serving()).toList();
        if (missing.isEmpty() && notServing.size() > 1) {
            return new MemberStep.Halt(HALT_MEMBERS_NOT_SERVING, ("%d of %d members are not serving (%s): no member is "
                    + "removed until every other member serves").formatted(notServing.size(), members.size(), names(notServing))
                    + startFailures(notServing));
        }
        List<MemberView> terminating = members.stream().filter(MemberView::terminating).toList();
        if (!terminating.isEmpty()) {
            return new MemberStep.Wait("waiting for " + names(terminating) + " to stop");
        }
        List<MemberView> beyond = members.stream().filter(m -> m.ordinal() >= statefulSet.replicas()).toList();
        if (!beyond.isEmpty()) {
            return new MemberStep.Wait("waiting for " + names(beyond) + " to be removed");
        }
        if (!notServing.isEmpty()) {
            return unreadyStep(desiredMembers, cluster, notServing.get(0), missing);
        }
        if (!missing.isEmpty()) {
            return new MemberStep.Wait("waiting for %d of %d members to be created".formatted(missing.size(), statefulSet.replicas()));
        }
        return completeClusterStep(desiredMembers, cluster);
    }

    /**
     * Exactly one member is not Ready. It may go (removed by a scale-down, or replaced when outdated) only if every other
     * member serves in a safe cluster that counts it or not: an in-memory member that is merely slow still holds data.
     */
    private MemberStep unreadyStep(int desiredMembers, ClusterView cluster, MemberView unready, List<Integer> missing) {
        StatefulSetState statefulSet = cluster.statefulSet();
        List<MemberView> others = cluster.members().stream().filter(m -> m != unready).toList();
        boolean othersSafe = missing.isEmpty()
                && SafetyGate.blocker(others, Set.of(others.size(), others.size() + 1)).isEmpty();
        boolean removable = desiredMembers < statefulSet.replicas() && unready.ordinal() == statefulSet.replicas() - 1;
        boolean replaceable = unready.outdated(statefulSet.updateRevision());
        Duration settling = othersSettling(others, cluster.now());
        if (othersSafe && (removable || replaceable) && !settling.isZero()) {
            // Members that have just come back (a frozen node thawed, a network healed) answer at once: let them stay
            // Ready for the settle time, as a Ready cluster must stay safe, before the unready member goes.
            return new MemberStep.Wait("waiting for the other members to stay Ready for %d ms before %s goes"
                    .formatted(timeouts.clusterSafeSettle().toMillis(), unready.name()), settling);
        }
        if (othersSafe && removable) {
            return scaleDownByOne(statefulSet);
        }
        if (othersSafe && replaceable) {
            int total = cluster.members().size();
            return new MemberStep.Delete(unready.name(), RestartReason.UNREADY, total - cluster.outdated().size() + 1, total);
        }
        // The others being safe, which raises no Kubernetes event, would let the member go: look as tightly as at any step
        // in flight. Otherwise only the member's own pod (or a spec change) moves this step, and its events wake the
        // reconciler: look again less and less often.
        Duration waited = since(unready.inStateSince(), cluster.now());
        Duration lookAgainIn = removable || replaceable ? null : PodWaitBackoff.after(waited);
        if (unready.startFailure() != null) {
            return new MemberStep.Halt(HALT_MEMBER_CANNOT_START, cannotStart(unready), lookAgainIn);
        }
        if (waited.compareTo(timeouts.memberReady()) > 0) {
            return new MemberStep.Halt(HALT_MEMBER_NOT_READY, "%s has not been Ready for more than %d s"
                    .formatted(unready.name(), timeouts.memberReady().toSeconds()), lookAgainIn);
        }
        return new MemberStep.Wait("waiting for " + unready.name() + " to become ready", lookAgainIn);
    }

    /** Every member exists and is Ready: remove or restart one if the cluster is safe at its full size. */
    private MemberStep completeClusterStep(int desiredMembers, ClusterView cluster) {
        StatefulSetState statefulSet = cluster.statefulSet();
        List<MemberView> members = cluster.members();
        List<MemberView> outdated = cluster.outdated();
        boolean changePending = desiredMembers < statefulSet.replicas() || !outdated.isEmpty();
        var blocker = SafetyGate.blocker(members, Set.of(statefulSet.replicas()));
        if (blocker.isPresent()) {
            if (changePending && cluster.unsafeFor().compareTo(timeouts.clusterSafe()) > 0) {
                return new MemberStep.Halt(HALT_CLUSTER_NOT_SAFE, "cluster not safe for more than %d s: %s"
                        .formatted(timeouts.clusterSafe().toSeconds(), blocker.get()));
            }
            return new MemberStep.Wait("waiting for the cluster to be safe: " + blocker.get());
        }
        if (!changePending) {
            return new MemberStep.Steady();
        }
        if (!hasStayedSafe(cluster)) {
            // No elapsed time in the message: status carries it and is patched only when it changes.
            return new MemberStep.Wait("waiting for the cluster to stay safe for %d ms before a member goes"
                        .formatted(timeouts.clusterSafeSettle().toMillis()),
                    timeouts.clusterSafeSettle().minus(cluster.safeFor()));
        }
        if (desiredMembers < statefulSet.replicas()) {
            return scaleDownByOne(statefulSet);
        }
        MemberView next = nextToRestart(outdated, oldest(members));
        return new MemberStep.Delete(next.name(), next.differsBy(), members.size() - outdated.size() + 1, members.size());
    }

    /**
     * Whether a node drain may take a member now: only when the planner has nothing of its own to do and would itself
     * let a member go, i.e. every member Ready in one cluster that has stayed safe for the settle time.
     */
    public boolean allowsEvictions(ClusterView cluster, MemberStep step) {
        return step instanceof MemberStep.Steady && Boolean.TRUE.equals(cluster.clusterSafe()) && hasStayedSafe(cluster);
    }

    /**
     * How much longer the other members must stay Ready to have been so for the settle time; zero when they have. The
     * Ready condition's transition time is kept to the second, so a second more is asked for.
     */
    private Duration othersSettling(List<MemberView> others, Instant now) {
        Duration needed = timeouts.clusterSafeSettle().plus(READY_TIME_RESOLUTION);
        return others.stream().map(MemberView::readyChangedAt).filter(Objects::nonNull)
                .map(changed -> needed.minus(since(changed, now))).filter(left -> left.compareTo(Duration.ZERO) > 0)
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /** Safe for at least the settle time, as the operator saw it (or no history kept: planner tests). */
    private boolean hasStayedSafe(ClusterView cluster) {
        Duration safeFor = cluster.safeFor();
        return safeFor == null || safeFor.compareTo(timeouts.clusterSafeSettle()) >= 0;
    }

    private static boolean removesAMember(MemberStep step, StatefulSetState statefulSet) {
        return step instanceof MemberStep.Delete
                || step instanceof MemberStep.ScaleTo scale && statefulSet.exists() && scale.members() < statefulSet.replicas();
    }

    private static MemberStep scaleDownByOne(StatefulSetState statefulSet) {
        int to = statefulSet.replicas() - 1;
        return new MemberStep.ScaleTo(to, "removing one member: %d to %d".formatted(statefulSet.replicas(), to));
    }

    private static List<Integer> missingOrdinals(int replicas, List<MemberView> members) {
        Set<Integer> present = members.stream().map(MemberView::ordinal).collect(Collectors.toSet());
        return IntStream.range(0, replicas).filter(ordinal -> !present.contains(ordinal)).boxed().toList();
    }

    /** Highest ordinal first, the oldest member last: restarting the master moves mastership only once. */
    private static MemberView nextToRestart(List<MemberView> outdated, MemberView oldest) {
        return outdated.stream()
                .filter(m -> !m.name().equals(oldest.name()))
                .max(Comparator.comparingInt(MemberView::ordinal))
                .orElse(oldest);
    }

    /** Hazelcast's master is its oldest member: the one whose process has been running longest. */
    static MemberView oldest(List<MemberView> members) {
        return members.stream()
                .min(Comparator.comparing((MemberView m) -> m.startedAt() == null ? Instant.MAX : m.startedAt())
                        .thenComparingInt(MemberView::ordinal))
                .orElseThrow();
    }

    private static String cannotStart(MemberView member) {
        return member.name() + " cannot start: " + member.startFailure();
    }

    /** "; shop-1 cannot start: ImagePullBackOff: ..." for each member the kubelet cannot start; empty when none. */
    private static String startFailures(List<MemberView> members) {
        return members.stream().filter(m -> m.startFailure() != null).map(m -> "; " + cannotStart(m)).collect(Collectors.joining());
    }

    private static String names(List<MemberView> members) {
        return members.stream().map(MemberView::name).collect(Collectors.joining(", "));
    }

    private static Duration since(Instant then, Instant now) {
        return then == null ? Duration.ZERO : Duration.between(then, now);
    }
}
