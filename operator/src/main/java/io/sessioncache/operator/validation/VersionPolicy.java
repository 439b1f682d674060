package io.sessioncache.operator.validation;

import java.util.Optional;

/**
 * Community Edition members of two minor versions cannot form one cluster, so a minor (or major) version change cannot
 * roll member by member: the first new member would start a cluster of its own and the sessions would be split. Such a
 * change is refused until a safe strategy (a blue/green session migration) exists; patch changes roll as usual.
 */
public final class VersionPolicy {

    public static final String REASON = "UnsupportedVersionChange";

    private VersionPolicy() {
    }

    public static Optional<SpecProblem> check(Optional<String> running, String wanted) {
        if (running.isEmpty() || running.get().equals(wanted) || minorLine(running.get()).equals(minorLine(wanted))) {
            return Optional.empty();
        }
        return Optional.of(new SpecProblem("spec.version", ("members run %s; %s is another minor version, and Hazelcast "
                + "Community Edition members of different minor versions cannot form one cluster, so it cannot be rolled "
                + "member by member without losing sessions. Set spec.version back to %s, or create a new SessionCluster "
                + "at %s and move applications to it").formatted(running.get(), wanted, running.get(), wanted), REASON));
    }

    /** "5.6.0" -> "5.6" */
    static String minorLine(String version) {
        int second = version.indexOf('.', version.indexOf('.') + 1);
        return second < 0 ? version : version.substring(0, second);
    }
}
