package io.sessioncache.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void terminateBaselineRollsParallelPodsWithTheDefaultShutdown() {
        List<HasMetadata> resources = Baselines.READINESS_ONLY_TERMINATE.resources(cluster());

        StatefulSet sts = find(resources, StatefulSet.class);
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(find(resources, ConfigMap.class).getData().get("hazelcast.yaml"))
                .contains("hazelcast.shutdownhook.policy: TERMINATE").doesNotContain("GRACEFUL");
    }

    @Test
    void baselinesWaitForADeadMemberAsLongAsHazelcastsDefaultsSay() {
        String memberYaml = find(Baselines.READINESS_ONLY_GRACEFUL.resources(cluster()), ConfigMap.class).getData().get("hazelcast.yaml");
        ClientConfig client = Baselines.clientConfig(cluster());

        assertThat(HazelcastConfigCheck.parseMember(memberYaml).getProperty("hazelcast.invocation.retry.pause.millis")).isNull();
        assertThat(client.getProperty("hazelcast.client.operation.backup.timeout.millis")).isNull();
        assertThat(client.getProperty("hazelcast.client.invocation.retry.pause.millis")).isNull();
        assertThat(client.getNetworkConfig().isRedoOperation()).as("the rest is the published config").isTrue();
    }

    @Test
    void baselinesAreInvisibleToTheOperator() {
        List<HasMetadata> resources = Baselines.READINESS_ONLY_GRACEFUL.resources(cluster());

        assertThat(resources).allSatisfy(r -> {
            assertThat(r.getMetadata().getOwnerReferences()).isEmpty();
            assertThat(r.getMetadata().getLabels()).doesNotContainKey("app.kubernetes.io/managed-by");
        });
        assertThat(find(resources, ConfigMap.class).getData().get("hazelcast.yaml"))
                .contains("hazelcast.shutdownhook.policy: GRACEFUL");
    }

    private static SessionCluster cluster() {
        SessionCluster cluster = new SessionCluster();
        cluster.setSpec(new SessionClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName("baseline").withNamespace("bench").withUid("u").build());
        return cluster;
    }

    private static <T> T find(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
