package io.sessioncache.operator.roll;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.MemberStatefulSet;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One member pod as the planner sees it: identity, revision, readiness, age, why its container cannot start (if so)
 * and what the member reports about its cluster.
 *
 * @param readyChangedAt when the pod's Ready condition last changed: since when it has been Ready, or not Ready
 * @param startFailure   why the member container cannot start (e.g. "CrashLoopBackOff: exit code 1: ..."), else null
 */
public record MemberView(String name, int ordinal, String revision, String version, boolean ready, boolean terminating,
                         Instant created, Instant startedAt, Instant readyChangedAt, String podIp, MemberHealth health,
                         RestartReason differsBy, String startFailure) {

    public static final String REVISION_LABEL = "controller-revision-hash";

    /** Waiting reasons after which a container does not start without a change: kubelet only backs off and retries. */
    private static final Set<String> START_FAILURES = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    /** @param template the StatefulSet's current pod template, to name what an outdated member differs by */
    public static MemberView of(Pod pod, PodTemplateSpec template, MemberHealth health) {
        Optional<PodCondition> readyCondition = pod.getStatus() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        Optional<ContainerStatus> container = memberContainer(pod);
        return builder(pod.getMetadata().getName())
                .revision(pod.getMetadata().getLabels().get(REVISION_LABEL))
                .version(pod.getMetadata().getLabels().get(ClusterLabels.VERSION))
                .ready(readyCondition.map(c -> "True".equals(c.getStatus())).orElse(false))
                .terminating(pod.getMetadata().getDeletionTimestamp() != null)
                .created(instant(pod.getMetadata().getCreationTimestamp()))
                .startedAt(container.map(MemberView::runningSince).orElse(null))
                .readyChangedAt(readyCondition.map(c -> instant(c.getLastTransitionTime())).orElse(null))
                .podIp(pod.getStatus() == null ? null : pod.getStatus().getPodIP())
                .health(health)
                .differsBy(RestartReason.between(pod, template))
                .startFailure(container.map(MemberView::startFailure).orElse(null))
                .build();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name).revision(revision).version(version).ready(ready).terminating(terminating)
                .created(created).startedAt(startedAt).readyChangedAt(readyChangedAt).podIp(podIp).health(health)
                .differsBy(differsBy).startFailure(startFailure);
    }

    public boolean outdated(String updateRevision) {
        return updateRevision != null && !updateRevision.equals(revision);
    }

    /** Serving: Ready and not on its way out. */
    public boolean serving() {
        return ready && !terminating;
    }

    /** Since when the member has been in its current readiness, falling back to its creation. */
    Instant inStateSince() {
        return readyChangedAt != null ? readyChangedAt : created;
    }

    static int ordinal(String podName) {
        int dash = podName.lastIndexOf('-');
        try {
            return Integer.parseInt(podName.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<ContainerStatus> memberContainer(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> MemberStatefulSet.CONTAINER.equals(status.getName())).findFirst();
    }

    private static Instant runningSince(ContainerStatus status) {
        return status.getState() == null || status.getState().getRunning() == null ? null
                : instant(status.getState().getRunning().getStartedAt());
    }

    /**
     * Why the container cannot start, else null: the kubelet's waiting reason and message when it only backs off; or, for a
     * container that is not Ready and has exited, or restarted, how often and how it last ended. The second case keeps a
     * crash loop one failure between two back-offs (the container just exited, or runs again), so the halt it causes does
     * not flip to a wait and back.
     */
    private static String startFailure(ContainerStatus status) {
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        ContainerStateTerminated exited = status.getState() == null ? null : status.getState().getTerminated();
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (waiting != null && START_FAILURES.contains(waiting.getReason())) {
            String message = waiting.getMessage() == null || waiting.getMessage().isBlank() ? ""
                    : ": " + waiting.getMessage().strip();
            return waiting.getReason() + message + lastExit(last);
        }
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        if (Boolean.TRUE.equals(status.getReady()) || exited == null && (restarts == 0 || last == null)) {
            return null;
        }
        String history = restarts > 0 ? "restarted %d times".formatted(restarts) : "exited";
        return history + lastExit(exited != null ? exited : last);
    }

    /** "; last exit code 1: message", or with the reason when the container left no message; empty without one. */
    private static String lastExit(ContainerStateTerminated last) {
        if (last == null) {
            return "";
        }
        String exit = "; last exit code " + last.getExitCode();
        if (last.getMessage() != null && !last.getMessage().isBlank()) {
            return exit + ": " + last.getMessage().strip();
        }
        return last.getReason() == null ? exit : exit + " (" + last.getReason() + ")";
    }

    private static Instant instant(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }

    /** Builds a {@link MemberView}; the ordinal comes from the pod name. */
    public static final class Builder {
        private final String name;
        private String revision;
        private String version;
        private boolean ready;
        private boolean terminating;
        private Instant created;
        private Instant startedAt;
        private Instant readyChangedAt;
        private String podIp;
        private MemberHealth health = MemberHealth.UNREACHABLE;
        private RestartReason differsBy = RestartReason.POD_TEMPLATE_CHANGED;
        private String startFailure;

        private Builder(String name) {
            this.name = name;
        }

        public Builder revision(String revision) {
            this.revision = revision;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder ready(boolean ready) {
            this.ready = ready;
            return this;
        }

        public Builder terminating(boolean terminating) {
            this.terminating = terminating;
            return this;
        }

        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder readyChangedAt(Instant readyChangedAt) {
            this.readyChangedAt = readyChangedAt;
            return this;
        }

        public Builder podIp(String podIp) {
            this.podIp = podIp;
            return this;
        }

        public Builder health(MemberHealth health) {
            this.health = health;
            return this;
        }

        public Builder differsBy(RestartReason differsBy) {
            this.differsBy = differsBy;
            return this;
        }

        public Builder startFailure(String startFailure) {
            this.startFailure = startFailure;
            return this;
        }

        public MemberView build() {
            return new MemberView(name, ordinal(name), revision, version, ready, terminating, created, startedAt,
                    readyChangedAt, podIp, health, differsBy, startFailure);
        }
    }
}
