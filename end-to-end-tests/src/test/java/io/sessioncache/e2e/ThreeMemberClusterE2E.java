package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.sandbox.LocalStack;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSessionCacheExtension.class)
class ThreeMemberClusterE2E {

    @Test
    void threeMembersFormOneClusterAndATurnedOnNearCacheServesRepeatedReads(KubernetesClient client, E2ENamespace namespace,
                                                                            LocalStack stack) {
        RunningClusters.create(client, namespace.name(), "shop", 3, spec -> spec.getNearCache().setEnabled(true));

        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), "shop", 3);
        List<Pod> pods = RunningClusters.members(client, namespace.name(), "shop");
        Set<String> podIps = new HashSet<>();
        pods.forEach(pod -> podIps.add(pod.getStatus().getPodIP()));
        String prefix = stack.runtime().network().podAddressPrefix();
        assertThat(podIps).as("pod IPs of the %s pod network", stack.runtime().network().mode()).hasSize(3)
                .allMatch(ip -> ip.startsWith(prefix));
        assertThat(pods).allSatisfy(pod -> assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue());

        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, 3);
            Set<String> memberHosts = new HashSet<>();
            hazelcast.getCluster().getMembers().forEach(m -> memberHosts.add(m.getAddress().getHost()));
            assertThat(memberHosts).isEqualTo(podIps);

            IMap<String, String> sessions = hazelcast.getMap(ready.getSpec().getSessions().getMapName());
            for (int i = 0; i < 100; i++) {
                sessions.put("session-" + i, "user-" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(sessions.get("session-" + i)).isEqualTo("user-" + i);
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 100; i++) {
                    assertThat(sessions.get("session-" + i)).isEqualTo("user-" + i);
                }
            }
            long hits = sessions.getLocalMapStats().getNearCacheStats().getHits();
            assertThat(hits).as("near-cache hits of repeated reads").isGreaterThanOrEqualTo(300);
        } finally {
            hazelcast.shutdown();
        }
    }
}
