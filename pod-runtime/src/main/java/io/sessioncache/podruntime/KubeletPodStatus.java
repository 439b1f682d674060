package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pod status a kubelet would report for a pod of one container and any init containers, from what the runtime
 * knows of each: {@code Initialized} once every init container completed, their statuses as {@code kubectl} reads
 * them ({@code Init:Error}, {@code Init:CrashLoopBackOff}).
 */
public final class KubeletPodStatus {

    static final Set<String> OWN_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready", "PodScheduled");

    private KubeletPodStatus() {
    }

    /**
     * @param lastPublished the status this runtime last wrote (its conditions keep their transition times), or null
     */
    public static PodStatus build(Pod pod, PodStatus lastPublished, Container container, ContainerRecord record, String podIp,
                                  String hostIp, Instant podStarted, Instant now) {
        return build(pod, lastPublished, List.of(), List.of(), container, record, podIp, hostIp, podStarted, now);
    }

    /** @param initRecords what the runtime knows of each of {@code initContainers}, in the same order */
    public static PodStatus build(Pod pod, PodStatus lastPublished, List<Container> initContainers, List<ContainerRecord> initRecords,
                                  Container container, ContainerRecord record, String podIp, String hostIp, Instant podStarted,
                                  Instant now) {
        PodStatus observed = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus previous = lastPublished != null ? lastPublished : observed;
        boolean everStarted = record.state() == ContainerRecord.State.RUNNING || record.lastTermination() != null;
        String phase = phase(pod, record, everStarted);
        boolean ready = record.ready() && record.state() == ContainerRecord.State.RUNNING;
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "PodReadyToStartContainers", podIp != null, now));
        boolean initialized = initRecords.stream().allMatch(init -> init.state() == ContainerRecord.State.TERMINATED
                && init.exitCode() != null && init.exitCode() == 0);
        conditions.add(condition(previous, "Initialized", initialized, now));
        conditions.add(condition(previous, "Ready", ready, now));
        conditions.add(condition(previous, "ContainersReady", ready, now));
        conditions.add(condition(previous, "PodScheduled", true, now));
        if (observed.getConditions() != null) {
            observed.getConditions().stream().filter(c -> !OWN_CONDITIONS.contains(c.getType())).forEach(conditions::add);
        }
        io.fabric8.kubernetes.api.model.PodStatusBuilder status = new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(phase)
                .withHostIP(hostIp)
                .withHostIPs(new HostIP(hostIp))
                .withStartTime(podStarted == null ? null : podStarted.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .withConditions(conditions)
                .withQosClass(observed.getQosClass())
                .withContainerStatuses(containerStatus(container, record));
        for (int i = 0; i < initContainers.size(); i++) {
            status.addToInitContainerStatuses(containerStatus(initContainers.get(i), initRecords.get(i)));
        }
        if (podIp != null) {
            status.withPodIP(podIp).withPodIPs(new PodIP(podIp));
        }
        return status.build();
    }

    private static String phase(Pod pod, ContainerRecord record, boolean everStarted) {
        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        if (record.state() == ContainerRecord.State.TERMINATED && !"Always".equals(restartPolicy)) {
            boolean succeeded = record.exitCode() != null && record.exitCode() == 0;
            if ("Never".equals(restartPolicy) || succeeded) {
                return succeeded ? "Succeeded" : "Failed";
            }
        }
        return everStarted ? "Running" : "Pending";
    }

    private static ContainerStatus containerStatus(Container container, ContainerRecord record) {
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(record.imageId() == null ? "" : record.imageId())
                .withRestartCount(record.restartCount())
                .withReady(record.ready() && record.state() == ContainerRecord.State.RUNNING)
                .withStarted(record.state() == ContainerRecord.State.RUNNING);
        ContainerStateBuilder state = new ContainerStateBuilder();
        switch (record.state()) {
            case WAITING -> state.withNewWaiting().withReason(record.reason()).withMessage(record.message()).endWaiting();
            case RUNNING -> state.withNewRunning().withStartedAt(record.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).endRunning();
            case TERMINATED -> state.withTerminated(terminated(record));
        }
        status.withState(state.build());
        if (record.lastTermination() != null && record.state() != ContainerRecord.State.TERMINATED) {
            status.withNewLastState().withTerminated(terminated(record.lastTermination())).endLastState();
        }
        if (record.state() == ContainerRecord.State.RUNNING) {
            status.withContainerID("sessioncache://" + container.getName() + "-" + record.restartCount());
        }
        return status.build();
    }

    private static ContainerStateTerminated terminated(ContainerRecord record) {
        return new ContainerStateTerminatedBuilder()
                .withExitCode(record.exitCode())
                .withReason(record.reason())
                .withStartedAt(record.startedAt() == null ? null : record.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .withFinishedAt(record.finishedAt() == null ? null : record.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .build();
    }

    /** Keeps lastTransitionTime when the condition's status did not change. */
    private static PodCondition condition(PodStatus previous, String type, boolean value, Instant now) {
        String status = value ? "True" : "False";
        String since = previous.getConditions() == null ? null : previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).findFirst().orElse(null);
        return new PodConditionBuilder().withType(type).withStatus(status)
                .withLastTransitionTime(since != null ? since : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .build();
    }
}
