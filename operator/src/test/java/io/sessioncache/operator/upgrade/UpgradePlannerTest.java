package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import io.sessioncache.operator.upgrade.UpgradeView.MemberSet;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {

    private static final MemberSet SERVING = new MemberSet(true, 3, 3, 3, true);
    private static final MemberSet STARTING = new MemberSet(true, 3, 1, 1, false);
    private static final MemberSet UNSAFE = new MemberSet(true, 3, 3, 3, false);
    /** Its StatefulSet deleted, its pods still shutting down. */
    private static final MemberSet GOING = new MemberSet(false, 0, 2, 0, false);

    private final UpgradePlanner planner = new UpgradePlanner();

    private static UpgradeView view(String wanted, UpgradePhase phase, MemberSet oldSet, MemberSet newSet, Copy copy) {
        return new UpgradeView("5.6.0", wanted, phase == null ? wanted : "5.7.0", phase, oldSet, newSet, copy);
    }

    @Test
    void aPatchChangeIsNoUpgradeAndAMinorChangeStartsOne() {
        assertThat(planner.next(view("5.6.1", null, SERVING, MemberSet.ABSENT, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Done.class);
        assertThat(planner.next(view("5.7.0", null, SERVING, MemberSet.ABSENT, new Copy.NotStarted())))
                .isEqualTo(new UpgradeStep.CreateNewSet("5.7.0"));
    }

    @Test
    void theCopyStartsOnlyOnceTheNewSetServes() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.Preparing, SERVING, STARTING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Wait.class).extracting(UpgradeStep::message).asString().contains("1 of 3 Ready");
        assertThat(planner.next(view("5.7.0", UpgradePhase.Preparing, SERVING, UNSAFE, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Preparing, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.StartCopy.class);
    }

    @Test
    void theSwitchBeginsOnlyOnceTheCopyCaughtUpAndBothSetsServe() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.Copying, SERVING, SERVING, new Copy.Running(12_000, 20_000))))
                .isInstanceOf(UpgradeStep.Wait.class).extracting(UpgradeStep::message).asString()
                .contains("12,000 of 20,000");
        assertThat(planner.next(view("5.7.0", UpgradePhase.Copying, UNSAFE, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Copying, SERVING, STARTING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Copying, SERVING, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.BeginSwitch.class);
    }

    @Test
    void clientsMoveOnlyAfterTheLastPassUnderTheFence() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.Switching, SERVING, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.FinishCopy.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Switching, SERVING, SERVING, new Copy.LastPassRunning())))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Switching, SERVING, SERVING, new Copy.LastPassDone(40))))
                .isInstanceOf(UpgradeStep.MoveClients.class);
    }

    @Test
    void anOperatorRestartedMidSwitchFinishesIt() {
        // The copy went with the old process: the last pass runs again, comparing every entry.
        assertThat(planner.next(view("5.7.0", UpgradePhase.Switching, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.FinishCopy.class);
        // The old process had deleted the old set, which it does only after the last pass.
        assertThat(planner.next(view("5.7.0", UpgradePhase.Switching, GOING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.MoveClients.class);
    }

    @Test
    void aCopyLostWithARestartedOperatorStartsAgainAndAFailedOneHalts() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.Copying, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.StartCopy.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Copying, SERVING, SERVING, new Copy.Failed("member gone"))))
                .isInstanceOfSatisfying(UpgradeStep.Halt.class,
                        halt -> assertThat(halt.message()).contains("clients stay on the old member set", "member gone"));
        // A failed last pass lowered its fence: reported, then run again (by the next look, which has no copy).
        assertThat(planner.next(view("5.7.0", UpgradePhase.Switching, SERVING, SERVING, new Copy.Failed("no fence class"))))
                .isInstanceOfSatisfying(UpgradeStep.Halt.class,
                        halt -> assertThat(halt.message()).contains("last pass", "no fence class"));
    }

    @Test
    void settingTheVersionBackUndoesTheUpgradeOnlyBeforeTheSwitch() {
        assertThat(planner.next(view("5.6.0", UpgradePhase.Preparing, SERVING, STARTING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.RemoveNewSet.class);
        assertThat(planner.next(view("5.6.0", UpgradePhase.Copying, SERVING, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.RemoveNewSet.class);
        assertThat(planner.next(view("5.6.0", UpgradePhase.Copying, SERVING, GOING, new Copy.NotStarted())))
                .as("until its last pod is gone").isInstanceOf(UpgradeStep.RemoveNewSet.class);
        assertThat(planner.next(view("5.6.0", UpgradePhase.Copying, SERVING, MemberSet.ABSENT, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Done.class);
        // Once the switch has begun, the old set may be fenced and clients about to move: it only goes forward.
        assertThat(planner.next(view("5.6.0", UpgradePhase.Switching, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.FinishCopy.class);
        assertThat(planner.next(view("5.6.0", UpgradePhase.Removing, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.RemoveOldSet.class);
    }

    @Test
    void anotherVersionMidUpgradeHaltsAndNamesTheTwoWaysOn() {
        assertThat(planner.next(view("5.8.0", UpgradePhase.Copying, SERVING, SERVING, new Copy.Running(10, 20))))
                .isInstanceOfSatisfying(UpgradeStep.Halt.class, halt -> {
                    assertThat(halt.reason()).isEqualTo(UpgradePlanner.REASON_TARGET_CHANGED);
                    assertThat(halt.message()).contains("set spec.version to 5.7.0 to finish it, or back to 5.6.0 to undo it");
                });
    }

    @Test
    void theUpgradeEndsWhenTheOldSetsLastPodIsGone() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.Removing, GOING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.RemoveOldSet.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.Removing, MemberSet.ABSENT, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Done.class);
    }
}
