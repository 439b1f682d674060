package io.sessioncache.operator.upgrade;

import io.sessioncache.operator.upgrade.UpgradeView.Copy;

/**
 * Decides the next step of a minor-version upgrade from one look at the cluster. Pure: the phase comes from status,
 * the rest from the API server, the members and the copy. The rules that keep sessions: clients move only once the
 * copy has caught up and both sets are serving; the upgrade can be undone only before they move; after that it only
 * goes forward, whatever the spec says, until the old set is gone.
 */
public final class UpgradePlanner {

    public static final String REASON_COPY_FAILED = "SessionCopyFailed";

    public UpgradeStep next(UpgradeView view) {
        if (view.phase() == null) {
            return sameMinor(view.runningVersion(), view.wantedVersion()) ? new UpgradeStep.Done()
                    : new UpgradeStep.CreateNewSet(view.wantedVersion());
        }
        return switch (view.phase()) {
            case PREPARING -> prepare(view);
            case COPYING -> copy(view);
            case SWITCHING -> new UpgradeStep.Switch();
            case REMOVING -> view.oldSet().exists() ? new UpgradeStep.RemoveOldSet() : new UpgradeStep.Done();
        };
    }

    private static UpgradeStep prepare(UpgradeView view) {
        if (setBack(view)) {
            return new UpgradeStep.RemoveNewSet();
        }
        if (!view.newSet().exists()) {
            return new UpgradeStep.CreateNewSet(view.wantedVersion());
        }
        if (!view.newSet().serving()) {
            return new UpgradeStep.Wait("waiting for the new members: %d of %d Ready%s".formatted(view.newSet().ready(),
                    view.newSet().wanted(), view.newSet().safe() ? "" : ", not yet cluster-safe"));
        }
        return new UpgradeStep.StartCopy();
    }

    private static UpgradeStep copy(UpgradeView view) {
        if (setBack(view)) {
            return new UpgradeStep.RemoveNewSet();
        }
        Copy copy = view.copy();
        if (copy instanceof Copy.Running running) {
            return new UpgradeStep.Wait("copying sessions: %,d so far".formatted(running.copied()));
        }
        if (copy instanceof Copy.Failed failed) {
            return new UpgradeStep.Halt(REASON_COPY_FAILED,
                    "the session copy failed, clients stay on the old member set: " + failed.reason());
        }
        if (copy instanceof Copy.CaughtUp caughtUp) {
            return view.oldSet().serving() && view.newSet().serving() ? new UpgradeStep.Switch()
                    : new UpgradeStep.Wait("%,d sessions copied; waiting for both member sets to be Ready and safe"
                            .formatted(caughtUp.copied()));
        }
        // Not started, or started by an operator process that is gone: copying again is safe, it overwrites.
        return new UpgradeStep.StartCopy();
    }

    /** The spec asks for the running version again: before clients move, that undoes the upgrade. */
    private static boolean setBack(UpgradeView view) {
        return sameMinor(view.runningVersion(), view.wantedVersion());
    }

    /** Whether two versions share major and minor (a patch change rolls within a member set). */
    static boolean sameMinor(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        return left.length >= 2 && right.length >= 2 && left[0].equals(right[0]) && left[1].equals(right[1]);
    }
}
