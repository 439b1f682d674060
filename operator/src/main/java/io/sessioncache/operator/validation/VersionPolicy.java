package io.sessioncache.operator.validation;

import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import java.util.Optional;

/**
 * Community Edition members of two minor versions cannot form one cluster, so a minor-version change cannot roll
 * member by member: it starts a second member set and moves the sessions, then the clients (a minor-version upgrade).
 * Clients are held at the switch by a fence that runs on the members and reads the sessions there, so the path needs
 * the session framework's classes on the members. Refused: a minor-version change without them, and a major one.
 */
public final class VersionPolicy {

    public static final String REASON = "UnsupportedVersionChange";

    private VersionPolicy() {
    }

    public static Optional<SpecProblem> check(Optional<String> running, String wanted, SessionFramework framework) {
        if (running.isEmpty() || minorLine(running.get()).equals(minorLine(wanted))) {
            return Optional.empty();
        }
        if (!major(running.get()).equals(major(wanted))) {
            return Optional.of(new SpecProblem("spec.version", ("members run %s; %s is another major version, whose clients "
                    + "and members may not understand each other. Set spec.version back to %s, or create a new "
                    + "SessionCluster at %s and move applications to it").formatted(running.get(), wanted, running.get(),
                    wanted), REASON));
        }
        if (!framework.needsMemberClasses()) {
            return Optional.of(new SpecProblem("spec.version", ("members run %s; %s is another minor version, which members "
                    + "cannot roll to one by one (they cannot form one cluster), and the upgrade that moves sessions to a new "
                    + "member set holds clients at the switch with a fence that needs the session classes on the members: "
                    + "set sessions.framework to SpringSession or HazelcastWebFilter, or set spec.version back to %s")
                    .formatted(running.get(), wanted, running.get()), REASON));
        }
        return Optional.empty();
    }

    /** "5.6.0" -> "5.6" */
    static String minorLine(String version) {
        int second = version.indexOf('.', version.indexOf('.') + 1);
        return second < 0 ? version : version.substring(0, second);
    }

    private static String major(String version) {
        int first = version.indexOf('.');
        return first < 0 ? version : version.substring(0, first);
    }
}
