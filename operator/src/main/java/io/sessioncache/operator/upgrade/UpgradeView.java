package io.sessioncache.operator.upgrade;

/**
 * One look at an upgrading cluster: the versions, the phase read back from status, both member sets and the copy.
 *
 * @param phase null when no upgrade has started
 */
public record UpgradeView(String runningVersion, String wantedVersion, UpgradePhase phase, MemberSet oldSet,
                          MemberSet newSet, Copy copy) {

    /** A member set as the StatefulSet and its members' health show it. */
    public record MemberSet(boolean exists, int wanted, int ready, boolean safe) {

        public static final MemberSet ABSENT = new MemberSet(false, 0, 0, false);

        /** Every member Ready and the set cluster-safe at its size. */
        boolean serving() {
            return exists && ready == wanted && safe;
        }
    }

    /** The copy of this operator process: it does not outlive the process, so after a restart it has not started. */
    public sealed interface Copy {

        record NotStarted() implements Copy {
        }

        record Running(long copied) implements Copy {
        }

        /** The full copy is done and catch-up passes find little left: ready for the switch. */
        record CaughtUp(long copied) implements Copy {
        }

        record Failed(String reason) implements Copy {
        }
    }
}
