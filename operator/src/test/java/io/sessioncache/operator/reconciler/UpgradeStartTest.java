package io.sessioncache.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.api.v1alpha1.UpgradeStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberView;
import io.sessioncache.operator.roll.StatefulSetState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When a minor-version change reaches the upgrade, and what the roller builds until then. */
class UpgradeStartTest {

    private final SessionCluster cluster = SessionClusters.named("shop");
    private final Optional<StatefulSet> rollingTo561 = Optional.of(new StatefulSetBuilder().withNewMetadata().withName("shop")
            .endMetadata().withNewSpec().withNewTemplate().withNewMetadata().withLabels(Map.of(ClusterLabels.VERSION, "5.6.1"))
            .endMetadata().endTemplate().endSpec().build());

    UpgradeStartTest() {
        cluster.getSpec().setVersion("5.7.0");
    }

    @Test
    void aMinorChangeAskedForMidPatchRollWaitsForThatRollWhichEndsAtItsOwnVersion() {
        assertThat(UpgradeDriver.applies(cluster, rollingTo561)).isTrue();
        assertThat(UpgradeDriver.readyToStart(cluster, rollingTo561, members("5.6.0", "5.6.1", "5.6.1"))).isFalse();

        SessionCluster building = UpgradeDriver.atRunningVersion(cluster, rollingTo561);
        assertThat(building.getSpec().getVersion()).as("the roll goes on to its own version, not across minors")
                .isEqualTo("5.6.1");
        assertThat(cluster.getSpec().getVersion()).as("the spec itself is untouched").isEqualTo("5.7.0");

        assertThat(UpgradeDriver.readyToStart(cluster, rollingTo561, members("5.6.1", "5.6.1", "5.6.1"))).isTrue();
    }

    @Test
    void aPatchChangeIsNoUpgrade() {
        cluster.getSpec().setVersion("5.6.2");

        assertThat(UpgradeDriver.applies(cluster, rollingTo561)).isFalse();
    }

    @Test
    void whileClientsMayBeHeldByTheFenceTheOperatorLooksAgainSoonest() {
        SessionClusterStatus status = new SessionClusterStatus();
        status.setUpgrade(new UpgradeStatus(UpgradePhase.Copying, "5.6.0", "5.7.0", "shop", "shop-5-7"));
        assertThat(UpgradeDriver.nextLook(status)).isEqualTo(Duration.ofSeconds(1));

        status.setUpgrade(status.getUpgrade().inPhase(UpgradePhase.Switching));
        assertThat(UpgradeDriver.nextLook(status)).isEqualTo(Duration.ofMillis(200));
    }

    private static ClusterView members(String... versions) {
        List<MemberView> members = IntStream.range(0, versions.length)
                .mapToObj(i -> MemberView.builder("shop-" + i).revision("r").version(versions[i]).ready(true)
                        .startedAt(Instant.EPOCH).build())
                .toList();
        return new ClusterView(new StatefulSetState(true, versions.length, true, versions.length, versions.length,
                versions.length, "r", "r"), members, Instant.EPOCH);
    }
}
