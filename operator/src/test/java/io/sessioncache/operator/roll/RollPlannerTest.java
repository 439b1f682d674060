package io.sessioncache.operator.roll;

import static io.sessioncache.operator.roll.Members.NEW;
import static io.sessioncache.operator.roll.Members.NOW;
import static io.sessioncache.operator.roll.Members.OLD;
import static io.sessioncache.operator.roll.Members.member;
import static io.sessioncache.operator.roll.Members.notReady;
import static io.sessioncache.operator.roll.Members.terminating;
import static io.sessioncache.operator.roll.Members.withHealth;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollPlannerTest {

    private final RollPlanner planner = new RollPlanner(new RollTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(10)));

    @Test
    void upToDateSafeClusterIsSteady() {
        assertThat(decide(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, NEW, 10, 3)))
                .isInstanceOf(RollDecision.Steady.class);
    }

    @Test
    void rollsHighestOrdinalFirstAndTheOldestMemberLast() {
        // shop-1 started first, so it is Hazelcast's master and goes last.
        List<MemberView> members = new ArrayList<>(List.of(member(0, OLD, 20, 3), member(1, OLD, 30, 3), member(2, OLD, 10, 3)));
        List<String> order = new ArrayList<>();

        for (int step = 0; step < 3; step++) {
            RollDecision decision = planner.decide(new ClusterView(3, NEW, members, NOW));
            assertThat(decision).isInstanceOf(RollDecision.Restart.class);
            RollDecision.Restart restart = (RollDecision.Restart) decision;
            order.add(restart.pod());
            assertThat(restart.position()).isEqualTo(step + 1);
            int ordinal = members.stream().filter(m -> m.name().equals(restart.pod())).findFirst().orElseThrow().ordinal();
            members.replaceAll(m -> m.name().equals(restart.pod()) ? member(ordinal, NEW, 0, 3) : m);
        }

        assertThat(order).containsExactly("shop-2", "shop-0", "shop-1");
        assertThat(planner.decide(new ClusterView(3, NEW, members, NOW))).isInstanceOf(RollDecision.Steady.class);
    }

    @Test
    void restartCarriesTheReasonTheMemberDiffersBy() {
        RollDecision decision = decide(member(0, NEW, 30, 2), member(1, OLD, 20, 2));

        assertThat(decision).isEqualTo(new RollDecision.Restart("shop-1", RestartReason.CONFIGURATION_CHANGED, 2, 2));
    }

    @Test
    void waitsWhileAMemberIsStopping() {
        RollDecision decision = decide(member(0, OLD, 30, 3), member(1, OLD, 20, 3), terminating(member(2, OLD, 10, 3)));

        assertThat(decision).isEqualTo(new RollDecision.Wait("waiting for shop-2 to stop"));
    }

    @Test
    void waitsForAReplacedMemberToBecomeReady() {
        RollDecision decision = decide(member(0, OLD, 30, 3), member(1, OLD, 20, 3), notReady(member(2, NEW, 0, 3), 30));

        assertThat(decision).isEqualTo(new RollDecision.Wait("waiting for shop-2 to become ready"));
    }

    @Test
    void waitsForMissingMembers() {
        RollDecision decision = planner.decide(new ClusterView(3, NEW, List.of(member(0, OLD, 30, 3), member(1, OLD, 20, 3)), NOW));

        assertThat(decision).isEqualTo(new RollDecision.Wait("waiting for 1 of 3 members to be created"));
    }

    @Test
    void neverRestartsWhileMigrationsRun() {
        MemberView migrating = withHealth(member(0, OLD, 30, 3), new MemberHealth(true, "ACTIVE", false, 12, 3));

        RollDecision decision = decide(migrating, member(1, OLD, 20, 3), member(2, OLD, 10, 3));

        assertThat(decision).isInstanceOf(RollDecision.Wait.class);
        assertThat(((RollDecision.Wait) decision).message()).contains("shop-0 has 12 migrations queued");
    }

    @Test
    void neverRestartsWhileAMemberSeesTooFewMembers() {
        MemberView lonely = withHealth(member(2, OLD, 10, 3), MemberHealth.active(true, 1));

        RollDecision decision = decide(member(0, OLD, 30, 3), member(1, OLD, 20, 3), lonely);

        assertThat(decision).isInstanceOf(RollDecision.Wait.class);
        assertThat(((RollDecision.Wait) decision).message()).contains("shop-2 sees 1 of 3 members");
    }

    @Test
    void neverRestartsWhileAMemberDoesNotAnswer() {
        MemberView silent = withHealth(member(1, OLD, 20, 3), MemberHealth.UNREACHABLE);

        RollDecision decision = decide(member(0, OLD, 30, 3), silent, member(2, OLD, 10, 3));

        assertThat(((RollDecision.Wait) decision).message()).contains("shop-1 does not answer");
    }

    @Test
    void outdatedUnreadyMembersGoFirst() {
        RollDecision decision = decide(member(0, OLD, 30, 3), notReady(member(1, OLD, 20, 3), 600), member(2, OLD, 10, 3));

        assertThat(decision).isEqualTo(new RollDecision.Restart("shop-1", RestartReason.UNREADY, 1, 3));
    }

    @Test
    void haltsWhenAReplacedMemberIsNotReadyInTime() {
        RollDecision decision = decide(member(0, OLD, 30, 3), member(1, OLD, 20, 3), notReady(member(2, NEW, 0, 3), 301));

        assertThat(decision).isInstanceOf(RollDecision.Halt.class);
        assertThat(((RollDecision.Halt) decision).reason()).isEqualTo(RollPlanner.HALT_MEMBER_NOT_READY);
        assertThat(((RollDecision.Halt) decision).message()).contains("shop-2 is not Ready 301 s");
    }

    @Test
    void haltsWhenTheClusterStaysUnsafeWithARollPending() {
        MemberView stuck = withHealth(member(0, OLD, 30, 3), new MemberHealth(true, "ACTIVE", false, 0, 3));
        // every member has been Ready for far longer than the cluster-safe timeout
        RollDecision decision = decide(stuck, member(1, OLD, 20, 3), member(2, NEW, 15, 3));

        assertThat(decision).isInstanceOf(RollDecision.Halt.class);
        assertThat(((RollDecision.Halt) decision).reason()).isEqualTo(RollPlanner.HALT_CLUSTER_NOT_SAFE);
    }

    @Test
    void theOldestMemberIsTheOneRunningLongest() {
        assertThat(RollPlanner.oldest(List.of(member(0, OLD, 5, 3), member(1, OLD, 50, 3), member(2, OLD, 10, 3))).name())
                .isEqualTo("shop-1");
    }

    private RollDecision decide(MemberView... members) {
        return planner.decide(new ClusterView(members.length, NEW, List.of(members), NOW));
    }
}
