package io.sessioncache.operator.upgrade;

/** The one thing an upgrade does in one reconcile. */
public sealed interface UpgradeStep {

    String message();

    /** Create the new member set (its StatefulSet, discovery Service and member ConfigMap) at the wanted version. */
    record CreateNewSet(String version) implements UpgradeStep {
        @Override
        public String message() {
            return "starting a member set at " + version + " beside the running one";
        }
    }

    /** Start copying sessions into the new set (again, after an operator restart: the copy is idempotent). */
    record StartCopy() implements UpgradeStep {
        @Override
        public String message() {
            return "copying sessions into the new member set";
        }
    }

    /** Fence the old set, copy what still differs, point the client Service at the new set, stop the old members. */
    record Switch() implements UpgradeStep {
        @Override
        public String message() {
            return "moving clients to the new member set";
        }
    }

    record RemoveOldSet() implements UpgradeStep {
        @Override
        public String message() {
            return "removing the old member set";
        }
    }

    /** The version was set back before clients moved: the new set goes, the old one keeps serving. */
    record RemoveNewSet() implements UpgradeStep {
        @Override
        public String message() {
            return "the version was set back before clients moved: removing the new member set";
        }
    }

    record Wait(String message) implements UpgradeStep {
    }

    record Halt(String reason, String message) implements UpgradeStep {
    }

    /** No upgrade to do, or the last one has finished. */
    record Done() implements UpgradeStep {
        @Override
        public String message() {
            return "no upgrade under way";
        }
    }
}
