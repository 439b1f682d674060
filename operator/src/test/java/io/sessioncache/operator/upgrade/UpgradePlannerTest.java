package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import io.sessioncache.operator.upgrade.UpgradeView.MemberSet;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {

    private static final MemberSet SERVING = new MemberSet(true, 3, 3, true);
    private static final MemberSet STARTING = new MemberSet(true, 3, 1, false);
    private static final MemberSet UNSAFE = new MemberSet(true, 3, 3, false);

    private final UpgradePlanner planner = new UpgradePlanner();

    private static UpgradeView view(String wanted, UpgradePhase phase, MemberSet oldSet, MemberSet newSet, Copy copy) {
        return new UpgradeView("5.6.0", wanted, phase, oldSet, newSet, copy);
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
        assertThat(planner.next(view("5.7.0", UpgradePhase.PREPARING, SERVING, STARTING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Wait.class).extracting(UpgradeStep::message).asString().contains("1 of 3 Ready");
        assertThat(planner.next(view("5.7.0", UpgradePhase.PREPARING, SERVING, UNSAFE, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.PREPARING, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.StartCopy.class);
    }

    @Test
    void clientsMoveOnlyOnceTheCopyCaughtUpAndBothSetsServe() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.COPYING, SERVING, SERVING, new Copy.Running(12_000))))
                .isInstanceOf(UpgradeStep.Wait.class).extracting(UpgradeStep::message).asString().contains("12,000");
        assertThat(planner.next(view("5.7.0", UpgradePhase.COPYING, UNSAFE, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.COPYING, SERVING, STARTING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.Wait.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.COPYING, SERVING, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.Switch.class);
    }

    @Test
    void aCopyLostWithARestartedOperatorStartsAgainAndAFailedOneHalts() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.COPYING, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.StartCopy.class);
        assertThat(planner.next(view("5.7.0", UpgradePhase.COPYING, SERVING, SERVING, new Copy.Failed("member gone"))))
                .isInstanceOfSatisfying(UpgradeStep.Halt.class,
                        halt -> assertThat(halt.message()).contains("clients stay on the old member set", "member gone"));
    }

    @Test
    void settingTheVersionBackUndoesTheUpgradeOnlyBeforeClientsMove() {
        assertThat(planner.next(view("5.6.0", UpgradePhase.PREPARING, SERVING, STARTING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.RemoveNewSet.class);
        assertThat(planner.next(view("5.6.0", UpgradePhase.COPYING, SERVING, SERVING, new Copy.CaughtUp(20_000))))
                .isInstanceOf(UpgradeStep.RemoveNewSet.class);
        // Once the switch has begun, clients may already write to the new set: it only goes forward.
        assertThat(planner.next(view("5.6.0", UpgradePhase.SWITCHING, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Switch.class);
        assertThat(planner.next(view("5.6.0", UpgradePhase.REMOVING, SERVING, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.RemoveOldSet.class);
    }

    @Test
    void theUpgradeEndsWhenTheOldSetIsGone() {
        assertThat(planner.next(view("5.7.0", UpgradePhase.REMOVING, MemberSet.ABSENT, SERVING, new Copy.NotStarted())))
                .isInstanceOf(UpgradeStep.Done.class);
    }
}
