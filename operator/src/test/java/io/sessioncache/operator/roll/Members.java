package io.sessioncache.operator.roll;

import java.time.Instant;
import java.util.List;

/** Member and cluster views for planner tests: ordinal, revision, readiness, start order and what the member reports. */
final class Members {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final String OLD = "rev-old";
    static final String NEW = "rev-new";

    private Members() {
    }

    /** What an ACTIVE member of an ACTIVE cluster of {@code size} reports. */
    static MemberHealth active(boolean clusterSafe, int size) {
        return new MemberHealth(true, MemberHealth.ACTIVE, MemberHealth.ACTIVE, clusterSafe, clusterSafe ? 0 : 1, size);
    }

    /** A Ready, safe member of a cluster of {@code size}, started {@code startedMinutesAgo} minutes ago. */
    static MemberView member(int ordinal, String revision, long startedMinutesAgo, int size) {
        Instant started = NOW.minusSeconds(startedMinutesAgo * 60);
        return MemberView.builder("shop-" + ordinal).revision(revision).version("5.7.0").ready(true)
                .created(started).startedAt(started).readyChangedAt(started.plusSeconds(10))
                .podIp("127.0.0." + (ordinal + 2)).health(active(true, size))
                .differsBy(RestartReason.CONFIGURATION_CHANGED).build();
    }

    /** Not Ready for the last {@code unreadyForSeconds}, and not answering. */
    static MemberView notReady(MemberView member, long unreadyForSeconds) {
        return member.toBuilder().ready(false).readyChangedAt(NOW.minusSeconds(unreadyForSeconds))
                .health(MemberHealth.UNREACHABLE).build();
    }

    static MemberView terminating(MemberView member) {
        return member.toBuilder().terminating(true).build();
    }

    static MemberView withHealth(MemberView member, MemberHealth health) {
        return member.toBuilder().health(health).build();
    }

    /** A StatefulSet told {@code replicas}, whose controller has acted on it, moving pods to {@link #NEW}. */
    static StatefulSetState statefulSet(int replicas) {
        return new StatefulSetState(true, replicas, true, replicas, replicas, 0, OLD, NEW);
    }

    static ClusterView cluster(StatefulSetState statefulSet, List<MemberView> members) {
        return new ClusterView(statefulSet, members, NOW);
    }

    /** A cluster whose StatefulSet has as many replicas as there are members. */
    static ClusterView cluster(MemberView... members) {
        return cluster(statefulSet(members.length), List.of(members));
    }
}
