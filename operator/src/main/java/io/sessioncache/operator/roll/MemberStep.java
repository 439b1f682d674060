package io.sessioncache.operator.roll;

import java.time.Duration;

/** The one thing the operator does to a cluster's members in one reconcile. */
public sealed interface MemberStep {

    /** What the step does or waits for, in words. */
    String message();

    /** Every member up to date, Ready and the cluster safe at the size the spec asks for: nothing to do. */
    record Steady() implements MemberStep {
        @Override
        public String message() {
            return "every member up to date, Ready and safe";
        }
    }

    /**
     * Something is under way (a member stopping, starting, or partitions migrating); look again soon, or after
     * {@code lookAgainIn} when the planner knows when (null: the reconciler's usual interval).
     */
    record Wait(String message, Duration lookAgainIn) implements MemberStep {
        public Wait(String message) {
            this(message, null);
        }
    }

    /** Give the StatefulSet this many members: the spec's count when adding, one fewer when removing. */
    record ScaleTo(int members, String message) implements MemberStep {
    }

    /** Delete this member's pod now, to be replaced from the current template; {@code position} of {@code total}. */
    record Delete(String pod, RestartReason reason, int position, int total) implements MemberStep {
        @Override
        public String message() {
            return "restarting member %d of %d (%s): %s".formatted(position, total, pod, reason.description());
        }
    }

    /**
     * The cluster is not in a state to take a member from: stop, report Degraded with the reason, remove nothing. Look
     * again after {@code lookAgainIn} when the planner knows what may lift the halt raises an event (null: the
     * reconciler's usual interval).
     */
    record Halt(String reason, String message, Duration lookAgainIn) implements MemberStep {
        public Halt(String reason, String message) {
            this(reason, message, null);
        }
    }
}
