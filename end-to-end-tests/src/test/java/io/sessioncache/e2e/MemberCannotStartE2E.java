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
 * A member whose image cannot be pulled, or whose container crash-loops, is reported with the kubelet's own reason, at
 * once and once, and fixing the spec replaces it: status says why, not only "waiting for ... to become ready".
 */
@ExtendWith(LocalSessionCacheExtension.class)
class MemberCannotStartE2E {

    private static final String NAME = "unpullable";
    private static final String UNKNOWN_IMAGE = "registry.example/acme/hazelcast:5.7.0";
    private static final String CRASHING = "crashing";
    /**
     * Hazelcast reads this property as a number while the member starts, about a second after the JVM did: the container
     * runs (not Ready) between back-offs, then exits 1.
     */
    private static final String NOT_A_NUMBER = "-Dhazelcast.operation.thread.count=not-a-number";
    private static final Duration CRASH_CYCLES = Duration.ofSeconds(40);

    @Test
    void anImageThatCannotBePulledHaltsWithTheKubeletsReasonAndAFixedSpecReplacesTheMember(KubernetesClient client,
                                                                                         E2ENamespace namespace) {
        RunningClusters.create(client, namespace.name(), NAME, 1, spec -> {
            spec.getSessions().setBackupCount(0);
            spec.setImage(UNKNOWN_IMAGE);
        });

        await("Degraded with MemberCannotStart").atMost(RunningClusters.READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> degraded(client, namespace, NAME).map(Condition::getReason).orElse(""),
                        MemberPlanner.HALT_MEMBER_CANNOT_START::equals);
        Condition degraded = degraded(client, namespace, NAME).orElseThrow();
        assertThat(degraded.getMessage()).startsWith(NAME + "-0 cannot start: ").containsPattern("ErrImagePull|ImagePullBackOff")
                .contains(UNKNOWN_IMAGE);
        await("the one Warning event of this halt, and no second").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20))
                .until(() -> warnings(client, namespace, NAME).size() == 1);
        assertThat(warnings(client, namespace, NAME)).singleElement()
                .satisfies(event -> assertThat(event.getReason()).isEqualTo(MemberPlanner.HALT_MEMBER_CANNOT_START));

        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(NAME)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"image\": null}}");

        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), NAME, 1);
        assertThat(degraded(client, namespace, NAME)).isEmpty();
        assertThat(RunningClusters.members(client, namespace.name(), NAME)).singleElement()
                .satisfies(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("hazelcast/hazelcast:5.7.0"));
        assertThat(ready.getStatus().getVersion()).isEqualTo("5.7.0");
    }

    /**
     * Between two back-offs the container runs again for a moment without being Ready; read as a member on its way up, it
     * would lift the halt and raise it again with a new Warning event at every cycle.
     */
    @Test
    void aCrashLoopingMemberIsOneHaltWithOneWarningOverSeveralCrashCycles(KubernetesClient client, E2ENamespace namespace) {
        RunningClusters.create(client, namespace.name(), CRASHING, 1, spec -> {
            spec.getSessions().setBackupCount(0);
            spec.getJvm().getOptions().add(NOT_A_NUMBER);
        });

        await("Degraded with MemberCannotStart").atMost(RunningClusters.READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> degraded(client, namespace, CRASHING).map(Condition::getReason).orElse(""),
                        MemberPlanner.HALT_MEMBER_CANNOT_START::equals);
        int restartsAtHalt = restarts(client, namespace);

        await("one Warning event while the member crashes again and again").during(CRASH_CYCLES)
                .atMost(CRASH_CYCLES.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> warnings(client, namespace, CRASHING).size() == 1
                        && degraded(client, namespace, CRASHING).map(Condition::getReason)
                        .filter(MemberPlanner.HALT_MEMBER_CANNOT_START::equals).isPresent());
        assertThat(restarts(client, namespace)).as("crash cycles seen while the halt held").isGreaterThanOrEqualTo(restartsAtHalt + 3);
        assertThat(warnings(client, namespace, CRASHING)).singleElement()
                .satisfies(event -> assertThat(event.getReason()).isEqualTo(MemberPlanner.HALT_MEMBER_CANNOT_START));
        assertThat(degraded(client, namespace, CRASHING).orElseThrow().getMessage()).startsWith(CRASHING + "-0 cannot start: ")
                .containsPattern("CrashLoopBackOff|restarted \\d+ times").contains("last exit code 1");

        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(CRASHING)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"jvm\": {\"options\": []}}}");

        RunningClusters.awaitReady(client, namespace.name(), CRASHING, 1);
        assertThat(degraded(client, namespace, CRASHING)).isEmpty();
    }

    private static int restarts(KubernetesClient client, E2ENamespace namespace) {
        return RunningClusters.members(client, namespace.name(), CRASHING).stream()
                .flatMap(pod -> pod.getStatus().getContainerStatuses().stream())
                .mapToInt(status -> status.getRestartCount() == null ? 0 : status.getRestartCount()).sum();
    }

    private static Optional<Condition> degraded(KubernetesClient client, E2ENamespace namespace, String name) {
        SessionCluster cluster = RunningClusters.get(client, namespace.name(), name);
        if (cluster == null || cluster.getStatus() == null) {
            return Optional.empty();
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static List<Event> warnings(KubernetesClient client, E2ENamespace namespace, String name) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "SessionCluster".equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
                .filter(e -> "Warning".equals(e.getType()))
                .toList();
    }
}
