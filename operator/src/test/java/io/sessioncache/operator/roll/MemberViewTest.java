package io.sessioncache.operator.roll;

import static io.sessioncache.operator.roll.Members.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a member pod, as the kubelet reports it, tells the planner. */
class MemberViewTest {

    private static final Instant CREATED = NOW.minusSeconds(86_400);
    private static final String JVM_REFUSES = "Unrecognized VM option 'NoSuchFlag'";

    @Test
    void readinessChangedWhenTheReadyConditionLastTransitionedNotWhenThePodWasCreated() {
        Instant unreadySince = NOW.minusSeconds(40);

        MemberView member = MemberPods.view(MemberPods.pod("shop-1", CREATED, false, unreadySince,
                MemberPods.runningReady(CREATED.plusSeconds(5))));

        assertThat(member.readyChangedAt()).isEqualTo(unreadySince);
        assertThat(member.created()).isEqualTo(CREATED);
        assertThat(member.ready()).isFalse();
    }

    @Test
    void aRunningReadyContainerHasNoStartFailure() {
        MemberView member = MemberPods.view(MemberPods.pod("shop-0", CREATED, true, CREATED.plusSeconds(30),
                MemberPods.runningReady(CREATED.plusSeconds(5))));

        assertThat(member.startFailure()).isNull();
        assertThat(member.serving()).isTrue();
        assertThat(member.startedAt()).isEqualTo(CREATED.plusSeconds(5));
    }

    @Test
    void anImageThatCannotBePulledIsAStartFailureWithTheKubeletsMessage() {
        MemberView member = MemberPods.view(MemberPods.pod("shop-0", CREATED, false, CREATED,
                MemberPods.imagePullBackOff("registry.example/hazelcast:5.7.0")));

        assertThat(member.startFailure())
                .isEqualTo("ImagePullBackOff: Back-off pulling image \"registry.example/hazelcast:5.7.0\"");
    }

    @Test
    void aCrashLoopBackOffIsAStartFailureWithTheLastExitAndItsMessage() {
        MemberView member = MemberPods.view(MemberPods.pod("shop-0", CREATED, false, CREATED,
                MemberPods.crashLoopBackOff(3, 1, JVM_REFUSES)));

        assertThat(member.startFailure()).isEqualTo(
                "CrashLoopBackOff: back-off 40s restarting failed container=hazelcast; last exit code 1: " + JVM_REFUSES);
    }

    @Test
    void aRestartedContainerRunningButNotReadyIsStillAStartFailure() {
        MemberView member = MemberPods.view(MemberPods.pod("shop-0", CREATED, false, CREATED,
                MemberPods.runningAfterCrash(NOW.minusSeconds(2), 4, 1, JVM_REFUSES)));

        assertThat(member.startFailure()).isEqualTo("restarted 4 times; last exit code 1: " + JVM_REFUSES);
    }

    /** The moment between an exit and the back-off, as the kubelet reports it: the exit is the current state. */
    @Test
    void aContainerThatJustExitedIsAStartFailureWithThatExit() {
        MemberView member = MemberPods.view(MemberPods.pod("shop-0", CREATED, false, CREATED,
                MemberPods.justExited(4, 1, JVM_REFUSES)));

        assertThat(member.startFailure()).isEqualTo("restarted 4 times; last exit code 1: " + JVM_REFUSES);
    }

    @Test
    void aRestartedContainerThatIsReadyAgainHasNoStartFailure() {
        MemberView member = MemberPods.view(MemberPods.pod("shop-0", CREATED, true, NOW.minusSeconds(60),
                MemberPods.runningAfterCrash(NOW.minusSeconds(90), 1, 137, null)).toBuilder()
                .editStatus().editFirstContainerStatus().withReady(true).endContainerStatus().endStatus().build());

        assertThat(member.startFailure()).isNull();
    }
}
