package io.sessioncache.operator.upgrade;

import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import java.util.function.Function;

/**
 * Decides the next step of a minor-version upgrade from one look at the cluster. Pure: the phase comes from status,
 * the rest from the API server, the members and the copy. The rules that keep sessions: clients move only once the
 * copy has caught up and both sets are serving, and only after the old set is fenced and the last pass has copied
 * what still differed; the upgrade can be undone only before the switch begins; after that it only goes forward,
 * whatever the spec says, until the old set is gone.
 */
public final class UpgradePlanner {

    public static final String REASON_COPY_FAILED = "SessionCopyFailed";
    public static final String REASON_TARGET_CHANGED = "UpgradeTargetChanged";

    public UpgradeStep next(UpgradeView view) {
        if (view.phase() == null) {
            return sameMinor(view.runningVersion(), view.wantedVersion()) ? new UpgradeStep.Done()
                    : new UpgradeStep.CreateNewSet(view.wantedVersion());
        }
        return switch (view.phase()) {
            case Preparing -> beforeSwitch(view, UpgradePlanner::prepare);
            case Copying -> beforeSwitch(view, UpgradePlanner::copy);
            case Switching -> switchClients(view);
            case Removing -> view.oldSet().present() ? new UpgradeStep.RemoveOldSet() : new UpgradeStep.Done();
        };
    }

    /** Before clients move, the spec may undo the upgrade, and may not send it elsewhere. */
    private static UpgradeStep beforeSwitch(UpgradeView view, Function<UpgradeView, UpgradeStep> phase) {
        if (sameMinor(view.runningVersion(), view.wantedVersion())) {
            return view.newSet().present() ? new UpgradeStep.RemoveNewSet() : new UpgradeStep.Done();
        }
        if (!view.wantedVersion().equals(view.targetVersion())) {
            return new UpgradeStep.Halt(REASON_TARGET_CHANGED, ("an upgrade from %s to %s is under way: set spec.version to "
                    + "%s to finish it, or back to %s to undo it").formatted(view.runningVersion(), view.targetVersion(),
                    view.targetVersion(), view.runningVersion()));
        }
        return phase.apply(view);
    }

    private static UpgradeStep prepare(UpgradeView view) {
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
        Copy copy = view.copy();
        if (copy instanceof Copy.Running running) {
            return new UpgradeStep.Wait(running.toCopy() < 0 ? "copying sessions: %,d so far".formatted(running.copied())
                    : "copying sessions: %,d of %,d".formatted(running.copied(), running.toCopy()));
        }
        if (copy instanceof Copy.Failed failed) {
            return new UpgradeStep.Halt(REASON_COPY_FAILED,
                    "the session copy failed, clients stay on the old member set: " + failed.reason());
        }
        if (copy instanceof Copy.CaughtUp caughtUp) {
            return view.oldSet().serving() && view.newSet().serving() ? new UpgradeStep.BeginSwitch()
                    : new UpgradeStep.Wait("%,d sessions copied; waiting for both member sets to be Ready and safe"
                            .formatted(caughtUp.copied()));
        }
        // Not started, or started by an operator process that is gone: copying again is safe, it overwrites.
        return new UpgradeStep.StartCopy();
    }

    /**
     * Once begun, the switch finishes. The old set goes only after the last pass; an old set already gone (an operator
     * stopped after it deleted it) means the last pass was done.
     */
    private static UpgradeStep switchClients(UpgradeView view) {
        Copy copy = view.copy();
        if (!view.oldSet().exists() || copy instanceof Copy.LastPassDone) {
            return new UpgradeStep.MoveClients();
        }
        if (copy instanceof Copy.LastPassRunning) {
            return new UpgradeStep.Wait("old member set fenced: copying the last changes");
        }
        if (copy instanceof Copy.Failed failed) {
            // The job lowered its fence: clients are served by the old set until the next look runs the last pass again.
            return new UpgradeStep.Halt(REASON_COPY_FAILED,
                    "the last pass of the session copy failed, clients stay on the old member set: " + failed.reason());
        }
        // Not started, or lost with a restarted operator: the fence holds clients while it runs again.
        return new UpgradeStep.FinishCopy();
    }

    /** Whether two versions share major and minor (a patch change rolls within a member set). */
    public static boolean sameMinor(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        return left.length >= 2 && right.length >= 2 && left[0].equals(right[0]) && left[1].equals(right[1]);
    }
}
