package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalePlannerTest {

    private static final RollDecision STEADY = new RollDecision.Steady();
    private static final RollDecision WAIT = new RollDecision.Wait("migrating");

    @Test
    void aNewClusterGetsAllItsMembers() {
        assertThat(ScalePlanner.statefulSetReplicas(3, null, WAIT)).isEqualTo(3);
    }

    @Test
    void scaleUpGoesStraightToTheSpec() {
        assertThat(ScalePlanner.statefulSetReplicas(5, 3, WAIT)).isEqualTo(5);
    }

    @Test
    void scaleDownRemovesOneMemberAtATimeFromASafeCluster() {
        int members = 5;
        members = ScalePlanner.statefulSetReplicas(2, members, STEADY);
        assertThat(members).isEqualTo(4);
        members = ScalePlanner.statefulSetReplicas(2, members, WAIT);
        assertThat(members).isEqualTo(4);
        members = ScalePlanner.statefulSetReplicas(2, members, STEADY);
        members = ScalePlanner.statefulSetReplicas(2, members, STEADY);
        assertThat(members).isEqualTo(2);
        assertThat(ScalePlanner.statefulSetReplicas(2, members, STEADY)).isEqualTo(2);
    }

    @Test
    void scaleDownComesBeforeAPendingRestartOfAHealthyMember() {
        RollDecision restart = new RollDecision.Restart("shop-4", RestartReason.CONFIGURATION_CHANGED, 1, 5);

        assertThat(ScalePlanner.statefulSetReplicas(2, 5, restart)).isEqualTo(4);
    }

    @Test
    void noScaleDownWhileAnUnreadyMemberIsBeingReplaced() {
        RollDecision restart = new RollDecision.Restart("shop-4", RestartReason.UNREADY, 1, 5);

        assertThat(ScalePlanner.statefulSetReplicas(2, 5, restart)).isEqualTo(5);
    }
}
