package io.sessioncache.operator.roll;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides the roller's next step. A member goes only when every other member is Ready, the Hazelcast cluster has all
 * its members, and every member reports cluster-safe (no migration, all backups in sync). Outdated members that are not
 * Ready go first, the oldest member (Hazelcast's master) last, one at a time.
 */
public final class RollPlanner {

    public static final String HALT_MEMBER_NOT_READY = "MemberNotReady";
    public static final String HALT_CLUSTER_NOT_SAFE = "ClusterNotSafe";

    private final RollTimeouts timeouts;

    public RollPlanner(RollTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public RollDecision decide(ClusterView cluster) {
        List<MemberView> members = cluster.members();
        Optional<MemberView> stopping = members.stream().filter(MemberView::terminating).findFirst();
        if (stopping.isPresent()) {
            return new RollDecision.Wait("waiting for " + stopping.get().name() + " to stop");
        }
        List<MemberView> notReady = members.stream().filter(m -> !m.ready()).toList();
        if (!notReady.isEmpty()) {
            return unreadyStep(cluster, notReady);
        }
        if (members.size() < cluster.expectedMembers()) {
            return new RollDecision.Wait("waiting for %d of %d members to be created"
                    .formatted(cluster.expectedMembers() - members.size(), cluster.expectedMembers()));
        }
        if (!cluster.allSafe()) {
            return unsafe(cluster);
        }
        List<MemberView> outdated = cluster.outdated();
        if (outdated.isEmpty()) {
            return new RollDecision.Steady();
        }
        MemberView next = nextToRestart(outdated, oldest(members));
        return new RollDecision.Restart(next.name(), next.differsBy(), members.size() - outdated.size() + 1, members.size());
    }

    /**
     * An outdated member that is not Ready serves nobody, so it goes first, provided the Ready members report the cluster
     * safe. Updated members that are not Ready are waited for, up to the member-ready timeout.
     */
    private RollDecision unreadyStep(ClusterView cluster, List<MemberView> notReady) {
        List<MemberView> ready = cluster.members().stream().filter(MemberView::ready).toList();
        boolean readyMembersSafe = ready.stream().allMatch(m -> m.health().safe());
        Optional<MemberView> outdatedUnready = notReady.stream().filter(m -> m.outdated(cluster.updateRevision()))
                .max(Comparator.comparingInt(MemberView::ordinal));
        if (outdatedUnready.isPresent() && readyMembersSafe) {
            MemberView member = outdatedUnready.get();
            int total = cluster.members().size();
            return new RollDecision.Restart(member.name(), RestartReason.UNREADY, total - cluster.outdated().size() + 1, total);
        }
        for (MemberView member : notReady) {
            Duration waited = since(member.created(), cluster.now());
            if (waited.compareTo(timeouts.memberReady()) > 0) {
                return new RollDecision.Halt(HALT_MEMBER_NOT_READY, "%s is not Ready %d s after it was created"
                        .formatted(member.name(), waited.toSeconds()));
            }
        }
        return new RollDecision.Wait("waiting for " + names(notReady) + " to become ready");
    }

    private RollDecision unsafe(ClusterView cluster) {
        List<MemberView> members = cluster.members();
        String why = members.stream().filter(m -> !m.health().safe() || m.health().clusterSize() != members.size())
                .map(m -> describe(m, members.size()))
                .collect(Collectors.joining(", "));
        Instant complete = members.stream().map(MemberView::readySince).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(cluster.now());
        Duration waited = since(complete, cluster.now());
        if (!cluster.outdated().isEmpty() && waited.compareTo(timeouts.clusterSafe()) > 0) {
            return new RollDecision.Halt(HALT_CLUSTER_NOT_SAFE, "cluster not safe %d s after its last member became ready: %s"
                    .formatted(waited.toSeconds(), why));
        }
        return new RollDecision.Wait("waiting for the cluster to be safe: " + why);
    }

    private static String describe(MemberView member, int expectedSize) {
        MemberHealth health = member.health();
        if (!health.reachable()) {
            return member.name() + " does not answer";
        }
        if (health.clusterSize() != expectedSize) {
            return "%s sees %d of %d members".formatted(member.name(), health.clusterSize(), expectedSize);
        }
        if (health.migrationQueueSize() > 0) {
            return "%s has %d migrations queued".formatted(member.name(), health.migrationQueueSize());
        }
        return member.name() + " reports " + (health.clusterSafe() ? health.nodeState() : "backups not in sync");
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

    private static String names(List<MemberView> members) {
        return members.stream().map(MemberView::name).collect(Collectors.joining(", "));
    }

    private static Duration since(Instant then, Instant now) {
        return then == null ? Duration.ZERO : Duration.between(then, now);
    }
}
