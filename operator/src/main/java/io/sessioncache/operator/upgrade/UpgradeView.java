package io.sessioncache.operator.upgrade;

import io.sessioncache.operator.api.v1alpha1.UpgradePhase;

/**
 * One look at a cluster that is, or may start, upgrading: the versions, the phase read back from status, both member
 * sets and the copy.
 *
 * @param runningVersion the version of the set that served clients when the upgrade began (the serving set's, before)
 * @param targetVersion  the version the upgrade under way goes to; the wanted one before an upgrade starts
 * @param phase          null when no upgrade has started
 */
public record UpgradeView(String runningVersion, String wantedVersion, String targetVersion, UpgradePhase phase,
                          MemberSet oldSet, MemberSet newSet, Copy copy) {

    /**
     * A member set as its StatefulSet and its members' health show it.
     *
     * @param exists whether its StatefulSet exists and is not being deleted
     * @param pods   its member pods, terminating ones included
     */
    public record MemberSet(boolean exists, int wanted, int pods, int ready, boolean safe) {

        public static final MemberSet ABSENT = new MemberSet(false, 0, 0, 0, false);

        /** Every member Ready and the set cluster-safe at its size. */
        boolean serving() {
            return exists && ready == wanted && safe;
        }

        /** Its StatefulSet or any of its pods is still there. */
        boolean present() {
            return exists || pods > 0;
        }
    }

    /** The copy of this operator process: it does not outlive the process, so after a restart it has not started. */
    public sealed interface Copy {

        record NotStarted() implements Copy {
        }

        /** @param toCopy the sessions the old set held when the copy started; -1 until known */
        record Running(long copied, long toCopy) implements Copy {
        }

        /** The full copy is done and catch-up passes find little left: ready for the switch. */
        record CaughtUp(long copied) implements Copy {
        }

        /** The old set is fenced and the last pass is copying what still differs. */
        record LastPassRunning() implements Copy {
        }

        /** The old set is fenced and the new one holds every session it holds: clients may move. */
        record LastPassDone(long copied) implements Copy {
        }

        record Failed(String reason) implements Copy {
        }
    }
}
