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

    /** Record that clients are about to move: from here the upgrade only goes forward, whoever runs it. */
    record BeginSwitch() implements UpgradeStep {
        @Override
        public String message() {
            return "the copy has caught up: moving clients to the new member set";
        }
    }

    /** Fence the old set and copy what still differs (again after an operator restart: a full compare then). */
    record FinishCopy() implements UpgradeStep {
        @Override
        public String message() {
            return "old member set fenced: copying the last changes";
        }
    }

    /** Point the client Service at the new set and stop the old members: clients reconnect to the new set. */
    record MoveClients() implements UpgradeStep {
        @Override
        public String message() {
            return "every session is in the new member set: moving clients to it";
        }
    }

    record RemoveOldSet() implements UpgradeStep {
        @Override
        public String message() {
            return "clients moved: removing the old member set";
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

    /** No upgrade to do, or the last one has finished or been undone. */
    record Done() implements UpgradeStep {
        @Override
        public String message() {
            return "no upgrade under way";
        }
    }
}
