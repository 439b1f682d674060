package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSessionCacheExtension.class)
class ScalingE2E {

    @Test
    void scalesFromThreeToFourAndBackToThreeWithStatusFollowing(KubernetesClient client, E2ENamespace namespace) {
        RunningClusters.create(client, namespace.name(), "scaled", 3, spec -> { });
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), "scaled", 3);
        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, 3);

            scaleTo(client, namespace, 4);
            SessionCluster four = RunningClusters.awaitReady(client, namespace.name(), "scaled", 4);
            RunningClusters.awaitClusterSize(hazelcast, 4);
            assertThat(four.getStatus().getReplicas()).isEqualTo(4);
            assertThat(RunningClusters.members(client, namespace.name(), "scaled")).hasSize(4);

            scaleTo(client, namespace, 3);
            SessionCluster three = RunningClusters.awaitReady(client, namespace.name(), "scaled", 3);
            RunningClusters.awaitClusterSize(hazelcast, 3);
            assertThat(three.getStatus().getReadyReplicas()).isEqualTo(3);
            org.awaitility.Awaitility.await("the fourth member's pod is gone").atMost(java.time.Duration.ofMinutes(1))
                    .until(() -> RunningClusters.members(client, namespace.name(), "scaled").size() == 3);
        } finally {
            hazelcast.shutdown();
        }
    }

    /** A merge patch carries no resourceVersion, so it cannot conflict with the operator's status writes. */
    private static void scaleTo(KubernetesClient client, E2ENamespace namespace, int replicas) {
        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName("scaled")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"replicas\": " + replicas + "}}");
    }
}
