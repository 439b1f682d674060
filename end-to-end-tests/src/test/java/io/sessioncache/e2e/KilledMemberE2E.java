package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.sandbox.LocalStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSessionCacheExtension.class)
class KilledMemberE2E {

    private static final int SESSIONS = 2_000;

    @Test
    void aSigkilledMemberIsRestartedAndNoSessionIsLost(KubernetesClient client, E2ENamespace namespace, LocalStack stack) {
        RunningClusters.create(client, namespace.name(), "durable", 3, spec -> spec.getSessions().setBackupCount(1));
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), "durable", 3);
        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, 3);
            IMap<String, String> sessions = hazelcast.getMap(ready.getSpec().getSessions().getMapName());
            Map<String, String> written = new HashMap<>();
            for (int i = 0; i < SESSIONS; i++) {
                written.put("session-" + i, "cart-" + i);
            }
            sessions.putAll(written);
            await("the cluster reports safe").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Boolean.TRUE.equals(RunningClusters.get(client, namespace.name(), "durable").getStatus().getClusterSafe()));

            String victim = "durable-1";
            long pid = stack.runtime().containerPid(namespace.name(), victim).orElseThrow();
            ProcessHandle member = ProcessHandle.of(pid).orElseThrow();
            assertThat(member.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("java"));
            assertThat(member.destroyForcibly()).as("SIGKILL to the member JVM").isTrue();

            await("the killed member's container is restarted and Ready").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        ContainerStatus status = containerStatus(client.pods().inNamespace(namespace.name()).withName(victim).get());
                        return status != null && status.getRestartCount() >= 1 && Boolean.TRUE.equals(status.getReady());
                    });
            ContainerStatus restarted = containerStatus(client.pods().inNamespace(namespace.name()).withName(victim).get());
            assertThat(restarted.getLastState().getTerminated().getExitCode()).isEqualTo(137);
            assertThat(stack.runtime().containerPid(namespace.name(), victim)).isPresent().get().isNotEqualTo(pid);
            RunningClusters.awaitReady(client, namespace.name(), "durable", 3);
            RunningClusters.awaitClusterSize(hazelcast, 3);

            assertThat(sessions.size()).isEqualTo(SESSIONS);
            assertThat(sessions.getAll(written.keySet())).isEqualTo(written);
        } finally {
            hazelcast.shutdown();
        }
    }

    private static ContainerStatus containerStatus(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().get(0);
    }
}
