package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.roll.MemberPlanner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A member whose image cannot be pulled is reported with the kubelet's own reason, at once and once, and fixing the
 * spec replaces it: status says why, not only "waiting for ... to become ready".
 */
@ExtendWith(LocalSessionCacheExtension.class)
class MemberCannotStartE2E {

    private static final String NAME = "unpullable";
    private static final String UNKNOWN_IMAGE = "registry.example/acme/hazelcast:5.7.0";

    @Test
    void anImageThatCannotBePulledHaltsWithTheKubeletsReasonAndAFixedSpecReplacesTheMember(KubernetesClient client,
                                                                                         E2ENamespace namespace) {
        RunningClusters.create(client, namespace.name(), NAME, 1, spec -> {
            spec.getSessions().setBackupCount(0);
            spec.setImage(UNKNOWN_IMAGE);
        });

        await("Degraded with MemberCannotStart").atMost(RunningClusters.READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> degraded(client, namespace).map(Condition::getReason).orElse(""),
                        MemberPlanner.HALT_MEMBER_CANNOT_START::equals);
        Condition degraded = degraded(client, namespace).orElseThrow();
        assertThat(degraded.getMessage()).startsWith(NAME + "-0 cannot start: ").containsPattern("ErrImagePull|ImagePullBackOff")
                .contains(UNKNOWN_IMAGE);
        await("the one Warning event of this halt, and no second").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20))
                .until(() -> warnings(client, namespace).size() == 1);
        assertThat(warnings(client, namespace)).singleElement()
                .satisfies(event -> assertThat(event.getReason()).isEqualTo(MemberPlanner.HALT_MEMBER_CANNOT_START));

        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(NAME)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"image\": null}}");

        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), NAME, 1);
        assertThat(degraded(client, namespace)).isEmpty();
        assertThat(RunningClusters.members(client, namespace.name(), NAME)).singleElement()
                .satisfies(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("hazelcast/hazelcast:5.7.0"));
        assertThat(ready.getStatus().getVersion()).isEqualTo("5.7.0");
    }

    private static Optional<Condition> degraded(KubernetesClient client, E2ENamespace namespace) {
        SessionCluster cluster = RunningClusters.get(client, namespace.name(), NAME);
        if (cluster == null || cluster.getStatus() == null) {
            return Optional.empty();
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static List<Event> warnings(KubernetesClient client, E2ENamespace namespace) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "SessionCluster".equals(e.getInvolvedObject().getKind()) && NAME.equals(e.getInvolvedObject().getName()))
                .filter(e -> "Warning".equals(e.getType()))
                .toList();
    }
}
