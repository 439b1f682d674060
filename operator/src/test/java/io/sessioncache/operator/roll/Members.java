package io.sessioncache.operator.roll;

import java.time.Instant;

/** Member views for roller tests: ordinal, revision, readiness, start order and what the member reports. */
final class Members {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final String OLD = "rev-old";
    static final String NEW = "rev-new";

    private Members() {
    }

    /** A Ready, safe member of a cluster of {@code size}, started {@code startedMinutesAgo} minutes ago. */
    static MemberView member(int ordinal, String revision, long startedMinutesAgo, int size) {
        Instant started = NOW.minusSeconds(startedMinutesAgo * 60);
        return new MemberView("shop-" + ordinal, ordinal, revision, true, false, started, started,
                started.plusSeconds(10), "127.0.0." + (ordinal + 2), MemberHealth.active(true, size),
                RestartReason.CONFIGURATION_CHANGED);
    }

    static MemberView notReady(MemberView member, long createdSecondsAgo) {
        Instant created = NOW.minusSeconds(createdSecondsAgo);
        return new MemberView(member.name(), member.ordinal(), member.revision(), false, false, created, created, null,
                member.podIp(), MemberHealth.UNREACHABLE, member.differsBy());
    }

    static MemberView terminating(MemberView member) {
        return new MemberView(member.name(), member.ordinal(), member.revision(), member.ready(), true, member.created(),
                member.startedAt(), member.readySince(), member.podIp(), member.health(), member.differsBy());
    }

    static MemberView withHealth(MemberView member, MemberHealth health) {
        return new MemberView(member.name(), member.ordinal(), member.revision(), member.ready(), member.terminating(),
                member.created(), member.startedAt(), member.readySince(), member.podIp(), health, member.differsBy());
    }
}
