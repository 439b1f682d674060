package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.UpgradeChildren.VersionedSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpgradeChildrenTest {

    private final SessionCluster cluster = SessionClusters.named("shop");
    private final MemberSet oldSet = MemberSet.first(cluster);

    UpgradeChildrenTest() {
        cluster.getSpec().setVersion("5.7.0");
    }

    @Test
    void theNewSetIsNamedForItsMinorVersion() {
        MemberSet newSet = MemberSet.forVersion(cluster, "5.7.0");

        assertThat(newSet.statefulSet()).isEqualTo("shop-5-7");
        assertThat(newSet.membersService()).isEqualTo("shop-5-7-members");
        assertThat(newSet.memberConfigMap()).isEqualTo("shop-5-7-member-config");
        assertThat(newSet.pod(0)).isEqualTo("shop-5-7-0");
    }

    @Test
    void beforeTheSwitchEachSetFindsOnlyItsOwnMembersAndClientsReachOnlyTheOldSet() {
        MemberSet newSet = MemberSet.forVersion(cluster, "5.7.0");
        List<HasMetadata> children = UpgradeChildren.of(cluster, Optional.of(new VersionedSet(oldSet, "5.6.0")),
                Optional.of(newSet), "5.6.0", OperatorPods.outsideTheCluster()).all();

        assertThat(selector(children, "shop-members")).containsEntry(ClusterLabels.VERSION, "5.6.0");
        assertThat(selector(children, "shop-5-7-members")).containsEntry(ClusterLabels.VERSION, "5.7.0");
        assertThat(selector(children, "shop")).containsEntry(ClusterLabels.VERSION, "5.6.0");
        StatefulSet statefulSet = only(children, StatefulSet.class);
        assertThat(statefulSet.getMetadata().getName()).isEqualTo("shop-5-7");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("shop-5-7-members");
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(ClusterLabels.VERSION, "5.7.0");
        assertThat(children.stream().filter(ConfigMap.class::isInstance).map(c -> c.getMetadata().getName()))
                .as("the old set's member ConfigMap is left as it is").containsExactlyInAnyOrder("shop-client-config",
                        "shop-5-7-member-config");
        assertThat(((ConfigMap) byName(children, "shop-5-7-member-config")).getData().get(MemberConfigYaml.FILE))
                .contains("shop-5-7-members");
        assertThat(children.get(children.size() - 1)).as("the StatefulSet comes after the Services that keep the sets apart")
                .isSameAs(statefulSet);
        assertThat(only(children, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal())
                .as("evictions wait until the upgrade is over").isZero();
    }

    @Test
    void afterTheSwitchClientsReachTheNewSetAndTheOldSetsDiscoveryIsNoLongerKept() {
        MemberSet newSet = MemberSet.forVersion(cluster, "5.7.0");
        List<HasMetadata> children = UpgradeChildren.of(cluster, Optional.empty(), Optional.of(newSet), "5.7.0",
                OperatorPods.outsideTheCluster()).all();

        assertThat(selector(children, "shop")).containsEntry(ClusterLabels.VERSION, "5.7.0");
        assertThat(children).extracting(c -> c.getMetadata().getName()).doesNotContain("shop-members");
    }

    private static Map<String, String> selector(List<HasMetadata> children, String service) {
        return children.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(c -> c.getMetadata().getName().equals(service)).findFirst().orElseThrow().getSpec().getSelector();
    }

    private static HasMetadata byName(List<HasMetadata> children, String name) {
        return children.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static <T> T only(List<HasMetadata> children, Class<T> type) {
        return children.stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> {
            throw new AssertionError("more than one " + type.getSimpleName());
        }).orElseThrow();
    }
}
