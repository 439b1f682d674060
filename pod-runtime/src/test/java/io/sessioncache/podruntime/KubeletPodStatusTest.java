package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletPodStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final Container container = new ContainerBuilder().withName("hazelcast").withImage("hazelcast/hazelcast:5.7.0").build();
    private final Pod pod = new PodBuilder().withNewMetadata().withName("shop-0").endMetadata()
            .withNewSpec().withContainers(container).endSpec().build();

    @Test
    void aPodWhoseImageCannotBePulledIsPendingWithTheReason() {
        ContainerRecord record = ContainerRecord.waiting("ErrImagePull", "only hazelcast images", null);

        PodStatus status = KubeletPodStatus.build(pod, null, container, record, "127.0.0.2", "127.0.0.1", T0, T0);

        assertThat(status.getPhase()).isEqualTo("Pending");
        assertThat(status.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    }

    @Test
    void aFailedInitContainerLeavesThePodUninitializedWithInitErrorThenCrashLoopBackOff() {
        Container init = new ContainerBuilder().withName("extensions").withImage("sessioncache/session-extensions:0.1.0").build();
        ContainerRecord failed = ContainerRecord.waiting("PodInitializing", null, null).running(T0, "img")
                .terminated(1, "Error", T0.plusSeconds(1));
        ContainerRecord main = ContainerRecord.waiting("PodInitializing", null, null);

        PodStatus afterFailure = KubeletPodStatus.build(pod, null, List.of(init), List.of(failed), container, main,
                "127.0.0.2", "127.0.0.1", T0, T0.plusSeconds(1));
        PodStatus backingOff = KubeletPodStatus.build(pod, afterFailure, List.of(init), List.of(failed.backingOff("back-off 1s")),
                container, main, "127.0.0.2", "127.0.0.1", T0, T0.plusSeconds(2));

        assertThat(afterFailure.getPhase()).isEqualTo("Pending");
        assertThat(condition(afterFailure, "Initialized").getStatus()).isEqualTo("False");
        assertThat(afterFailure.getInitContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(afterFailure.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(backingOff.getInitContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(backingOff.getInitContainerStatuses().get(0).getLastState().getTerminated().getExitCode()).isEqualTo(1);
    }

    @Test
    void completedInitContainersInitializeThePod() {
        Container init = new ContainerBuilder().withName("extensions").withImage("sessioncache/session-extensions:0.1.0").build();
        ContainerRecord completed = ContainerRecord.waiting("PodInitializing", null, null).running(T0, "img")
                .terminated(0, "Completed", T0.plusSeconds(1));
        ContainerRecord main = ContainerRecord.waiting("ContainerCreating", null, null).running(T0.plusSeconds(2), "img");

        PodStatus status = KubeletPodStatus.build(pod, null, List.of(init), List.of(completed), container, main,
                "127.0.0.2", "127.0.0.1", T0, T0.plusSeconds(2));

        assertThat(condition(status, "Initialized").getStatus()).isEqualTo("True");
        assertThat(status.getInitContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
        assertThat(status.getPhase()).isEqualTo("Running");
    }

    @Test
    void aRunningReadyContainerMakesThePodReadyWithItsIp() {
        ContainerRecord record = ContainerRecord.waiting("ContainerCreating", null, null).running(T0, "img").withReady(true);

        PodStatus status = KubeletPodStatus.build(pod, null, container, record, "127.0.0.2", "127.0.0.1", T0, T0);

        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(status.getPodIP()).isEqualTo("127.0.0.2");
        assertThat(status.getContainerStatuses().get(0).getReady()).isTrue();
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(status, "ContainersReady").getStatus()).isEqualTo("True");
    }

    @Test
    void aRestartedContainerReportsItsLastTerminationAndCount() {
        ContainerRecord record = ContainerRecord.waiting("ContainerCreating", null, null).running(T0, "img")
                .terminated(137, "Error", T0.plusSeconds(30)).restarted().running(T0.plusSeconds(31), "img");

        PodStatus status = KubeletPodStatus.build(pod, null, container, record, "127.0.0.2", "127.0.0.1", T0, T0.plusSeconds(31));

        assertThat(status.getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
        assertThat(status.getContainerStatuses().get(0).getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(status.getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    }

    @Test
    void anUnchangedConditionKeepsItsTransitionTime() {
        ContainerRecord record = ContainerRecord.waiting("ContainerCreating", null, null).running(T0, "img").withReady(true);
        PodStatus first = KubeletPodStatus.build(pod, null, container, record, "127.0.0.2", "127.0.0.1", T0, T0);

        PodStatus later = KubeletPodStatus.build(pod, first, container, record, "127.0.0.2", "127.0.0.1", T0, T0.plusSeconds(60));

        assertThat(later).isEqualTo(first);
    }

    private static PodCondition condition(PodStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
