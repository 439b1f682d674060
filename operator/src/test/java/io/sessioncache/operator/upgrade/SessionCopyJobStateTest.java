package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import io.sessioncache.operator.upgrade.UpgradeView.MemberSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the planner reads from a copy job before the job has connected to either member set. */
class SessionCopyJobStateTest {

    private static final MemberSet SERVING = new MemberSet(true, 3, 3, 3, true);

    /**
     * An operator restarted mid-switch starts a job that only runs the last pass. While it connects, the planner must
     * wait for it: asking for the last pass again would replace the job at every look, and it would never finish.
     */
    @Test
    void theLastPassOfARestartedOperatorIsWaitedForWhileItConnects() {
        CountDownLatch connecting = new CountDownLatch(1);
        Supplier<HazelcastInstance> neverConnects = () -> {
            try {
                connecting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("closed while connecting");
        };
        try (SessionCopyJob job = SessionCopyJob.lastPass("test", neverConnects, neverConnects, "sessions")) {
            UpgradeView switching = new UpgradeView("5.6.0", "5.7.0", "5.7.0", UpgradePhase.Switching, SERVING, SERVING,
                    job.state());
            assertThat(job.state()).isInstanceOf(Copy.LastPassRunning.class);
            assertThat(new UpgradePlanner().next(switching)).isInstanceOf(UpgradeStep.Wait.class);
        } finally {
            connecting.countDown();
        }
    }
}
