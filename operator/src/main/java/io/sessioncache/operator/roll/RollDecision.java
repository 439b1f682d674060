package io.sessioncache.operator.roll;

/** The roller's one step for this reconcile. */
public sealed interface RollDecision {

    /** Every member up to date, Ready and the cluster safe: nothing to do. */
    record Steady() implements RollDecision {
    }

    /** Something is under way (a member stopping, starting or migrating); look again soon. */
    record Wait(String message) implements RollDecision {
    }

    /** Take this member down now, gracefully; {@code position} of {@code total} in this roll. */
    record Restart(String pod, RestartReason reason, int position, int total) implements RollDecision {
        public String message() {
            return "restarting member %d of %d (%s): %s".formatted(position, total, pod, reason.description());
        }
    }

    /** Waited too long for a member or for safety: stop rolling, report Degraded, delete nothing. */
    record Halt(String reason, String message) implements RollDecision {
    }
}
