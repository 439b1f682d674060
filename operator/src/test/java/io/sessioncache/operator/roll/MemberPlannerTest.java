package io.sessioncache.operator.roll;

import static io.sessioncache.operator.roll.Members.NEW;
import static io.sessioncache.operator.roll.Members.NOW;
import static io.sessioncache.operator.roll.Members.OLD;
import static io.sessioncache.operator.roll.Members.active;
import static io.sessioncache.operator.roll.Members.cluster;
import static io.sessioncache.operator.roll.Members.member;
import static io.sessioncache.operator.roll.Members.notReady;
import static io.sessioncache.operator.roll.Members.statefulSet;
import static io.sessioncache.operator.roll.Members.terminating;
import static io.sessioncache.operator.roll.Members.withHealth;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemberPlannerTest {

    private final MemberPlanner planner = new MemberPlanner(RollTimeouts.DEFAULT);

    @Nested
    class Restarts {

        @Test
        void upToDateSafeClusterIsSteady() {
            assertThat(next(3, cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, NEW, 10, 3))))
                    .isInstanceOf(MemberStep.Steady.class);
        }

        @Test
        void rollsHighestOrdinalFirstAndTheOldestMemberLast() {
            // shop-1 started first, so it is Hazelcast's master and goes last.
            List<MemberView> members = new ArrayList<>(List.of(member(0, OLD, 20, 3), member(1, OLD, 30, 3), member(2, OLD, 10, 3)));
            List<String> order = new ArrayList<>();

            for (int step = 0; step < 3; step++) {
                MemberStep.Delete delete = (MemberStep.Delete) next(3, cluster(statefulSet(3), members));
                order.add(delete.pod());
                assertThat(delete.position()).isEqualTo(step + 1);
                members.replaceAll(m -> m.name().equals(delete.pod()) ? member(m.ordinal(), NEW, 0, 3) : m);
            }

            assertThat(order).containsExactly("shop-2", "shop-0", "shop-1");
            assertThat(next(3, cluster(statefulSet(3), members))).isInstanceOf(MemberStep.Steady.class);
        }

        @Test
        void aRestartCarriesTheReasonTheMemberDiffersBy() {
            MemberStep step = next(2, cluster(member(0, NEW, 30, 2), member(1, OLD, 20, 2)));

            assertThat(step).isEqualTo(new MemberStep.Delete("shop-1", RestartReason.CONFIGURATION_CHANGED, 2, 2));
        }

        @Test
        void waitsWhileAMemberIsStopping() {
            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), terminating(member(2, OLD, 10, 3))));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-2 to stop"));
        }

        @Test
        void waitsForAReplacedMemberToBecomeReady() {
            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), notReady(member(2, NEW, 0, 3), 30)));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-2 to become ready", Duration.ofSeconds(3)));
        }

        @Test
        void waitsForMissingMembers() {
            MemberStep step = next(3, cluster(statefulSet(3), List.of(member(0, OLD, 30, 3), member(1, OLD, 20, 3))));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for 1 of 3 members to be created"));
        }

        @Test
        void neverRestartsWhileMigrationsRun() {
            MemberView migrating = withHealth(member(0, OLD, 30, 3), new MemberHealth(true, "ACTIVE", "ACTIVE", false, 12, 3));

            MemberStep step = next(3, cluster(migrating, member(1, OLD, 20, 3), member(2, OLD, 10, 3)));

            assertThat(waitMessage(step)).contains("shop-0 has migrations queued");
        }

        @Test
        void neverRestartsWhileAMemberSeesTooFewMembers() {
            MemberView lonely = withHealth(member(2, OLD, 10, 3), active(true, 1));

            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), lonely));

            assertThat(waitMessage(step)).contains("members disagree on the cluster size").contains("shop-2 sees 1");
        }

        @Test
        void neverRestartsWhileAMemberDoesNotAnswer() {
            MemberView silent = withHealth(member(1, OLD, 20, 3), MemberHealth.UNREACHABLE);

            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), silent, member(2, OLD, 10, 3)));

            assertThat(waitMessage(step)).contains("shop-1 does not answer");
        }

        @ParameterizedTest
        @ValueSource(strings = {"FROZEN", "PASSIVE", "NO_MIGRATION", "IN_TRANSITION"})
        void neverRestartsWhenTheClusterStateForbidsMigrationsEvenIfItReportsSafe(String clusterState) {
            MemberHealth safeButNotActive = new MemberHealth(true, "ACTIVE", clusterState, true, 0, 3);
            List<MemberView> members = List.of(member(0, OLD, 30, 3), member(1, OLD, 20, 3), member(2, OLD, 10, 3)).stream()
                    .map(m -> withHealth(m, safeButNotActive)).toList();

            MemberStep step = next(3, cluster(statefulSet(3), members));

            assertThat(waitMessage(step)).contains("cluster state " + clusterState);
        }

        @Test
        void haltsWhenTheClusterStaysUnsafeWithARollPending() {
            MemberView stuck = withHealth(member(0, OLD, 30, 3), new MemberHealth(true, "ACTIVE", "ACTIVE", false, 0, 3));
            ClusterView unsafe = cluster(stuck, member(1, OLD, 20, 3), member(2, NEW, 15, 3));

            assertThat(next(3, unsafe.withSafetySince(NOW.minusSeconds(599)))).isInstanceOf(MemberStep.Wait.class);
            assertThat(next(3, unsafe.withSafetySince(NOW.minusSeconds(601)))).isEqualTo(new MemberStep.Halt(
                    MemberPlanner.HALT_CLUSTER_NOT_SAFE, "cluster not safe for more than 600 s: shop-0 reports backups not in sync"));
        }

        @Test
        void aMemberGoesOnlyOnceTheClusterHasStayedSafeForTheSettleTime() {
            ClusterView justSafe = cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), member(2, OLD, 10, 3))
                    .withSafetySince(NOW.minusMillis(300));

            MemberStep step = next(3, justSafe);

            assertThat(step).isEqualTo(new MemberStep.Wait(
                    "waiting for the cluster to stay safe for 1000 ms before a member goes", Duration.ofMillis(700)));
            assertThat(next(3, justSafe.withSafetySince(NOW.minusMillis(1000)))).isInstanceOf(MemberStep.Delete.class);
        }

        /** The status carries the step's message: one that counted the milliseconds would be patched at every look. */
        @Test
        void theSettleWaitSaysTheSameWhileItLasts() {
            ClusterView justSafe = cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), member(2, OLD, 10, 3))
                    .withSafetySince(NOW.minusMillis(100));

            assertThat(next(3, justSafe.withSafetySince(NOW.minusMillis(600))).message()).isEqualTo(next(3, justSafe).message());
        }

        @Test
        void aScaleDownAlsoWaitsForTheClusterToStaySafe() {
            ClusterView justSafe = cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, NEW, 10, 3))
                    .withSafetySince(NOW.minusMillis(10));

            assertThat(next(2, justSafe)).isInstanceOf(MemberStep.Wait.class);
            assertThat(next(2, justSafe.withSafetySince(NOW.minusSeconds(5)))).isEqualTo(new MemberStep.ScaleTo(2, "removing one member: 3 to 2"));
        }

        @Test
        void aSafeClusterWithNothingPendingIsSteadyAtOnce() {
            ClusterView justSafe = cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, NEW, 10, 3))
                    .withSafetySince(NOW);

            assertThat(next(3, justSafe)).isInstanceOf(MemberStep.Steady.class);
        }

        @Test
        void noMemberGoesWhileTheDisruptionBudgetStillLetsADrainEvictOne() {
            ClusterView rolling = cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), member(2, OLD, 10, 3));
            MemberStep.Wait closing = new MemberStep.Wait("closing the disruption budget to evictions before a member goes");

            assertThat(next(3, rolling.withDisruptionBudget(new DisruptionBudgetState(true, false)))).isEqualTo(closing);
            assertThat(next(3, rolling.withDisruptionBudget(new DisruptionBudgetState(false, false)))).isEqualTo(closing);
            assertThat(next(2, rolling.withDisruptionBudget(new DisruptionBudgetState(true, false)))).isEqualTo(closing);
            assertThat(next(3, rolling.withDisruptionBudget(new DisruptionBudgetState(false, true)))).isInstanceOf(MemberStep.Delete.class);
        }

        @Test
        void drainsMayEvictOnlyFromASteadyClusterThatHasStayedSafe() {
            ClusterView steady = cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, NEW, 10, 3));

            assertThat(planner.allowsEvictions(steady.withSafetySince(NOW.minusSeconds(5)), next(3, steady))).isTrue();
            assertThat(planner.allowsEvictions(steady.withSafetySince(NOW.minusMillis(200)), next(3, steady))).isFalse();
            ClusterView outdated = cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, OLD, 10, 3));
            assertThat(planner.allowsEvictions(outdated, next(3, outdated))).isFalse();
            ClusterView oneUnready = cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), notReady(member(2, NEW, 10, 3), 30));
            assertThat(planner.allowsEvictions(oneUnready, next(3, oneUnready))).isFalse();
        }

        @Test
        void anUnsafeClusterWithNothingPendingIsWaitedOnNotHalted() {
            MemberView stuck = withHealth(member(0, NEW, 30, 3), new MemberHealth(true, "ACTIVE", "ACTIVE", false, 0, 3));

            MemberStep step = next(3, cluster(stuck, member(1, NEW, 20, 3), member(2, NEW, 15, 3)).withSafetySince(NOW.minusSeconds(3600)));

            assertThat(step).isInstanceOf(MemberStep.Wait.class);
        }

        @Test
        void theOldestMemberIsTheOneRunningLongest() {
            assertThat(MemberPlanner.oldest(List.of(member(0, OLD, 5, 3), member(1, OLD, 50, 3), member(2, OLD, 10, 3))).name())
                    .isEqualTo("shop-1");
        }
    }

    @Nested
    class UnreadyMembers {

        @Test
        void anOutdatedUnreadyMemberGoesFirstWhenEveryOtherMemberIsSafe() {
            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), notReady(member(1, OLD, 20, 3), 600), member(2, OLD, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.Delete("shop-1", RestartReason.UNREADY, 1, 3));
        }

        @Test
        void anOutdatedUnreadyMemberThatLeftTheClusterGoesWhenTheOthersAreSafeWithoutIt() {
            MemberStep step = next(3, cluster(member(0, OLD, 30, 2), notReady(member(1, OLD, 20, 3), 600), member(2, OLD, 10, 2)));

            assertThat(step).isEqualTo(new MemberStep.Delete("shop-1", RestartReason.UNREADY, 1, 3));
        }

        /** Members that answer again the moment they thaw (or a network heals) must stay Ready a while first. */
        @Test
        void anUnreadyMemberGoesOnlyOnceTheOthersHaveStayedReadyForTheSettleTime() {
            MemberView justBack0 = member(0, OLD, 30, 3).toBuilder().readyChangedAt(NOW.minusMillis(300)).build();
            MemberView justBack2 = member(2, OLD, 10, 3).toBuilder().readyChangedAt(NOW.minusMillis(300)).build();

            MemberStep step = next(3, cluster(justBack0, notReady(member(1, OLD, 20, 3), 30), justBack2));

            assertThat(step).isInstanceOf(MemberStep.Wait.class);
            assertThat(step.message()).isEqualTo("waiting for the other members to stay Ready for 1000 ms before shop-1 goes");
            MemberView settled0 = justBack0.toBuilder().readyChangedAt(NOW.minusSeconds(3)).build();
            MemberView settled2 = justBack2.toBuilder().readyChangedAt(NOW.minusSeconds(3)).build();
            assertThat(next(3, cluster(settled0, notReady(member(1, OLD, 20, 3), 30), settled2)))
                    .isEqualTo(new MemberStep.Delete("shop-1", RestartReason.UNREADY, 1, 3));
        }

        @Test
        void everyMemberUnreadyWithARollPendingDeletesNothingAndHalts() {
            ClusterView frozen = cluster(notReady(member(0, OLD, 30, 3), 20), notReady(member(1, OLD, 20, 3), 20),
                    notReady(member(2, OLD, 10, 3), 20));

            MemberStep step = next(3, frozen);

            assertThat(step).isEqualTo(new MemberStep.Halt(MemberPlanner.HALT_MEMBERS_NOT_SERVING,
                    "3 of 3 members are not serving (shop-0, shop-1, shop-2): no member is removed until every other member serves"));
        }

        @Test
        void membersThatCannotStartAreNamedWithTheKubeletsReasonWhenSeveralAreNotServing() {
            MemberView pullFailing = notReady(member(1, NEW, 0, 3), 30).toBuilder()
                    .startFailure("ImagePullBackOff: Back-off pulling image \"registry.example/hazelcast:5.7.0\"").build();
            MemberView crashing = notReady(member(2, NEW, 0, 3), 30).toBuilder()
                    .startFailure("restarted 4 times; last exit code 1: Unrecognized VM option 'NoSuchFlag'").build();

            MemberStep step = next(3, cluster(notReady(member(0, NEW, 30, 3), 20), pullFailing, crashing));

            assertThat(step).isEqualTo(new MemberStep.Halt(MemberPlanner.HALT_MEMBERS_NOT_SERVING,
                    "3 of 3 members are not serving (shop-0, shop-1, shop-2): no member is removed until every other "
                            + "member serves; shop-1 cannot start: ImagePullBackOff: Back-off pulling image "
                            + "\"registry.example/hazelcast:5.7.0\"; shop-2 cannot start: restarted 4 times; last exit code 1: "
                            + "Unrecognized VM option 'NoSuchFlag'"));
        }

        @Test
        void twoUnreadyMembersAreNeverReplacedOneAfterTheOther() {
            List<MemberView> members = new ArrayList<>(List.of(member(0, OLD, 30, 3), notReady(member(1, OLD, 20, 3), 60),
                    notReady(member(2, OLD, 10, 3), 60)));

            MemberStep step = next(3, cluster(statefulSet(3), members));

            assertThat(step).isInstanceOf(MemberStep.Halt.class);
        }

        @Test
        void anOutdatedUnreadyMemberStaysWhileAnotherMemberIsNotSafe() {
            MemberView migrating = withHealth(member(0, OLD, 30, 3), new MemberHealth(true, "ACTIVE", "ACTIVE", false, 4, 3));

            MemberStep step = next(3, cluster(migrating, notReady(member(1, OLD, 20, 3), 60), member(2, OLD, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-1 to become ready"));
        }

        @Test
        void anOutdatedUnreadyMemberStaysWhileTheOthersSeeAClusterOfAnotherSize() {
            // shop-0 and shop-2 each see only themselves: two clusters, not one
            MemberStep step = next(3, cluster(withHealth(member(0, OLD, 30, 3), active(true, 1)),
                    notReady(member(1, OLD, 20, 3), 60), withHealth(member(2, OLD, 10, 3), active(true, 1))));

            assertThat(step).isInstanceOf(MemberStep.Wait.class);
        }

        @Test
        void anOutdatedUnreadyMemberStaysWhileAnotherMemberIsMissing() {
            MemberStep step = next(3, cluster(statefulSet(3), List.of(member(0, OLD, 30, 3), notReady(member(1, OLD, 20, 3), 60))));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-1 to become ready"));
        }

        @Test
        void haltsWhenAMemberIsNotReadyLongerThanTheTimeout() {
            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), notReady(member(2, NEW, 0, 3), 301)));

            assertThat(step).isEqualTo(new MemberStep.Halt(MemberPlanner.HALT_MEMBER_NOT_READY,
                    "shop-2 has not been Ready for more than 300 s", PodWaitBackoff.LONGEST));
        }

        @Test
        void aLongLivedMemberThatJustTurnedUnreadyIsWaitedForFromWhenItStoppedBeingReady() {
            // created two days ago, unready for the last 20 s
            MemberView slow = notReady(member(2, NEW, 2 * 24 * 60, 3), 20);

            MemberStep step = next(3, cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), slow));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-2 to become ready", Duration.ofSeconds(2)));
        }

        @Test
        void aHaltSaysTheSameWhileItLasts() {
            ClusterView halted = cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), notReady(member(2, NEW, 0, 3), 400));
            ClusterView later = new ClusterView(halted.statefulSet(), halted.members(), NOW.plusSeconds(90));

            assertThat(next(3, later)).isEqualTo(next(3, halted));
        }

        @Test
        void aMemberThatCannotStartHaltsWithTheKubeletsReason() {
            MemberView crashing = notReady(member(2, NEW, 0, 3), 30).toBuilder()
                    .startFailure("CrashLoopBackOff: back-off 20s restarting failed container; last exit code 1 (Error)").build();

            MemberStep step = next(3, cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), crashing));

            assertThat(step).isEqualTo(new MemberStep.Halt(MemberPlanner.HALT_MEMBER_CANNOT_START,
                    "shop-2 cannot start: CrashLoopBackOff: back-off 20s restarting failed container; last exit code 1 (Error)",
                    Duration.ofSeconds(3)));
        }

        /**
         * Between two back-offs the kubelet runs the container again: not waiting then, but not Ready, restarted, with a
         * last exit. Read as a wait, the halt would lift and return at each cycle, each time with a new Warning event.
         */
        @Test
        void aCrashLoopStaysOneHaltWhileTheContainerRunsBetweenBackOffs() {
            Instant created = NOW.minusSeconds(120);
            String jvmRefuses = "Unrecognized VM option 'NoSuchFlag'";
            MemberView backingOff = MemberPods.view(MemberPods.pod("shop-2", created, false, created,
                    MemberPods.crashLoopBackOff(3, 1, jvmRefuses)));
            MemberView runningAgain = MemberPods.view(MemberPods.pod("shop-2", created, false, created,
                    MemberPods.runningAfterCrash(NOW.minusSeconds(2), 4, 1, jvmRefuses)));

            MemberStep inBackOff = next(3, cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), backingOff));
            MemberStep betweenBackOffs = next(3, cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), runningAgain));

            assertThat(List.of(inBackOff, betweenBackOffs)).allSatisfy(step -> assertThat(step)
                    .isInstanceOfSatisfying(MemberStep.Halt.class,
                            halt -> assertThat(halt.reason()).isEqualTo(MemberPlanner.HALT_MEMBER_CANNOT_START)));
            assertThat(betweenBackOffs.message())
                    .isEqualTo("shop-2 cannot start: restarted 4 times; last exit code 1: " + jvmRefuses);
        }

        @Test
        void anOutdatedMemberThatCannotStartIsReplacedFromTheFixedTemplate() {
            MemberView pullFailing = notReady(member(2, OLD, 0, 3), 30).toBuilder().startFailure("ImagePullBackOff").build();

            MemberStep step = next(3, cluster(member(0, NEW, 30, 2), member(1, NEW, 20, 2), pullFailing));

            assertThat(step).isEqualTo(new MemberStep.Delete("shop-2", RestartReason.UNREADY, 3, 3));
        }
    }

    @Nested
    class Scaling {

        @Test
        void aNewClusterGetsAllItsMembers() {
            assertThat(next(3, ClusterView.nothingYet(NOW))).isEqualTo(new MemberStep.ScaleTo(3, "creating 3 members"));
        }

        @Test
        void scaleUpGoesStraightToTheSpecEvenWhileAMemberIsOut() {
            MemberStep step = next(5, cluster(member(0, NEW, 30, 3), notReady(member(1, NEW, 20, 3), 30), member(2, NEW, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.ScaleTo(5, "adding members: 3 to 5"));
        }

        @Test
        void scaleDownRemovesOneMemberFromASafeCluster() {
            MemberStep step = next(2, cluster(member(0, NEW, 30, 3), member(1, NEW, 20, 3), member(2, NEW, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.ScaleTo(2, "removing one member: 3 to 2"));
        }

        @Test
        void scaleDownWaitsForTheStatefulSetControllerToActOnTheLastWrite() {
            // replicas was just set to 4; the controller has not seen it, and all 5 members still serve and see 5
            StatefulSetState unobserved = new StatefulSetState(true, 4, false, 5, 5, 5, NEW, NEW);
            List<MemberView> five = List.of(member(0, NEW, 50, 5), member(1, NEW, 40, 5), member(2, NEW, 30, 5),
                    member(3, NEW, 20, 5), member(4, NEW, 10, 5));

            MemberStep step = next(2, cluster(unobserved, five));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for the StatefulSet controller to act on the last change"));
        }

        @Test
        void scaleDownWaitsWhileTheRemovedMemberIsStillThere() {
            // observed, but the pod it removes has not shown its deletion yet
            List<MemberView> five = List.of(member(0, NEW, 50, 5), member(1, NEW, 40, 5), member(2, NEW, 30, 5),
                    member(3, NEW, 20, 5), member(4, NEW, 10, 5));

            MemberStep step = next(2, cluster(statefulSet(4), five));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-4 to be removed"));
        }

        @Test
        void scaleDownWaitsUntilEveryMemberSeesTheNewSize() {
            // shop-4 is gone, but shop-0 still counts it
            List<MemberView> four = List.of(member(0, NEW, 50, 5), member(1, NEW, 40, 4), member(2, NEW, 30, 4), member(3, NEW, 20, 4));

            MemberStep step = next(2, cluster(statefulSet(4), four));

            assertThat(waitMessage(step)).contains("members disagree on the cluster size (shop-0 sees 5, shop-1 sees 4");
        }

        @Test
        void scaleDownWaitsUntilTheBackupsOfTheRemovedMemberAreRecreated() {
            List<MemberView> four = List.of(member(0, NEW, 50, 4), member(1, NEW, 40, 4), member(2, NEW, 30, 4),
                    withHealth(member(3, NEW, 20, 4), active(false, 4)));

            MemberStep step = next(2, cluster(statefulSet(4), four));

            assertThat(waitMessage(step)).isEqualTo("waiting for the cluster to be safe: shop-3 has migrations queued");
        }

        @Test
        void scaleDownTakesTheNextStepOnlyFromASafeClusterAtTheNewSize() {
            List<MemberView> four = List.of(member(0, NEW, 50, 4), member(1, NEW, 40, 4), member(2, NEW, 30, 4), member(3, NEW, 20, 4));

            MemberStep step = next(2, cluster(statefulSet(4), four));

            assertThat(step).isEqualTo(new MemberStep.ScaleTo(3, "removing one member: 4 to 3"));
        }

        @Test
        void scaleDownComesBeforeAPendingRestart() {
            MemberStep step = next(2, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), member(2, OLD, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.ScaleTo(2, "removing one member: 3 to 2"));
        }

        @Test
        void scaleDownRemovesAnUnreadyLastMemberWhenTheOthersAreSafe() {
            MemberStep step = next(2, cluster(member(0, NEW, 30, 2), member(1, NEW, 20, 2), notReady(member(2, NEW, 10, 3), 30)));

            assertThat(step).isEqualTo(new MemberStep.ScaleTo(2, "removing one member: 3 to 2"));
        }

        @Test
        void noScaleDownWhileAnotherMemberIsUnready() {
            MemberStep step = next(2, cluster(member(0, NEW, 30, 3), notReady(member(1, NEW, 20, 3), 30), member(2, NEW, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-1 to become ready", Duration.ofSeconds(3)));
        }
    }

    @Nested
    class LookingAgain {

        @Test
        void aMemberThatCannotBeScheduledIsLookedAtLessOftenTheLongerItWaits() {
            assertThat(lookAgainIn(next(3, pendingFirstMember(2)))).isEqualTo(Duration.ofMillis(500));
            assertThat(lookAgainIn(next(3, pendingFirstMember(30)))).isEqualTo(Duration.ofSeconds(3));
            assertThat(lookAgainIn(next(3, pendingFirstMember(120)))).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void aRestartedMemberThatIsStartingIsLookedAtAsOftenAsAnyStepInFlight() {
            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), notReady(member(2, NEW, 0, 3), 4)));

            assertThat(lookAgainIn(step)).isEqualTo(Duration.ofMillis(500));
        }

        @Test
        void anOutdatedUnreadyMemberWaitingForTheOthersToBeSafeIsLookedAtTightly() {
            // the others' migration ends without a Kubernetes event, and then shop-1 is replaced
            MemberView migrating = withHealth(member(0, OLD, 30, 3), active(false, 3));

            MemberStep step = next(3, cluster(migrating, notReady(member(1, OLD, 20, 3), 120), member(2, OLD, 10, 3)));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-1 to become ready", null));
        }

        @Test
        void anUnreadyLastMemberThatAScaleDownWaitsToRemoveIsLookedAtTightly() {
            MemberView migrating = withHealth(member(0, NEW, 30, 3), active(false, 3));

            MemberStep step = next(2, cluster(migrating, member(1, NEW, 20, 3), notReady(member(2, NEW, 10, 3), 120)));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for shop-2 to become ready", null));
        }

        @Test
        void theRollsWaitForTheClusterToBeSafeAfterARestartIsLookedAtTightly() {
            MemberView restarted = withHealth(member(2, NEW, 1, 3), active(false, 3));

            MemberStep step = next(3, cluster(member(0, OLD, 30, 3), member(1, OLD, 20, 3), restarted));

            assertThat(step).isEqualTo(new MemberStep.Wait("waiting for the cluster to be safe: shop-2 has migrations queued"));
        }

        @Test
        void aHaltOnAMemberThatStaysUnreadyBacksOffLikeTheWaitBeforeIt() {
            MemberStep step = next(3, pendingFirstMember(600));

            assertThat(step).isEqualTo(new MemberStep.Halt(MemberPlanner.HALT_MEMBER_NOT_READY,
                    "shop-0 has not been Ready for more than 300 s", PodWaitBackoff.LONGEST));
        }

        /** A cluster's first member, created {@code secondsAgo} and not scheduled since: no container, no Ready condition. */
        private static ClusterView pendingFirstMember(long secondsAgo) {
            MemberView pending = MemberView.builder("shop-0").revision(NEW).created(NOW.minusSeconds(secondsAgo)).build();
            return cluster(statefulSet(3), List.of(pending));
        }

        private static Duration lookAgainIn(MemberStep step) {
            assertThat(step).isInstanceOf(MemberStep.Wait.class);
            return ((MemberStep.Wait) step).lookAgainIn();
        }
    }

    private MemberStep next(int desired, ClusterView cluster) {
        return planner.next(desired, cluster);
    }

    private static String waitMessage(MemberStep step) {
        assertThat(step).isInstanceOf(MemberStep.Wait.class);
        return ((MemberStep.Wait) step).message();
    }
}
