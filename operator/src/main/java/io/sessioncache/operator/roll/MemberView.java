package io.sessioncache.operator.roll;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Instant;
import java.util.Optional;

/** One member pod as the roller sees it: identity, revision, readiness, age and what the member reports. */
public record MemberView(String name, int ordinal, String revision, boolean ready, boolean terminating,
                         Instant created, Instant startedAt, Instant readySince, String podIp, MemberHealth health,
                         RestartReason differsBy) {

    public static final String REVISION_LABEL = "controller-revision-hash";

    /** @param template the StatefulSet's current pod template, to name what an outdated member differs by */
    public static MemberView of(Pod pod, PodTemplateSpec template, MemberHealth health) {
        Optional<PodCondition> ready = pod.getStatus() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        boolean isReady = ready.map(c -> "True".equals(c.getStatus())).orElse(false);
        return new MemberView(
                pod.getMetadata().getName(),
                ordinal(pod.getMetadata().getName()),
                pod.getMetadata().getLabels().get(REVISION_LABEL),
                isReady,
                pod.getMetadata().getDeletionTimestamp() != null,
                instant(pod.getMetadata().getCreationTimestamp()),
                startedAt(pod),
                isReady ? ready.map(c -> instant(c.getLastTransitionTime())).orElse(null) : null,
                pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
                health,
                RestartReason.between(pod, template));
    }

    public boolean outdated(String updateRevision) {
        return updateRevision != null && !updateRevision.equals(revision);
    }

    static int ordinal(String podName) {
        int dash = podName.lastIndexOf('-');
        try {
            return Integer.parseInt(podName.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant startedAt(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getRunning() != null)
                .map(state -> instant(state.getRunning().getStartedAt()))
                .findFirst().orElse(null);
    }

    private static Instant instant(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }
}
