package io.sessioncache.operator.roll;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.MemberStatefulSet;
import java.time.Instant;

/** Member pods as the kubelet reports them, to build {@link MemberView}s the way the reconciler does. */
final class MemberPods {

    static final PodTemplateSpec TEMPLATE = new PodTemplateSpecBuilder().withNewMetadata().endMetadata()
            .withNewSpec().addNewContainer().withName(MemberStatefulSet.CONTAINER).withImage("hazelcast/hazelcast:5.7.0")
            .endContainer().endSpec().build();

    private MemberPods() {
    }

    /** A member pod created at {@code created} whose Ready condition last changed to {@code ready} at {@code readySince}. */
    static Pod pod(String name, Instant created, boolean ready, Instant readySince, ContainerStatus container) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withCreationTimestamp(created.toString())
                .addToLabels(MemberView.REVISION_LABEL, Members.NEW).addToLabels(ClusterLabels.VERSION, "5.7.0").endMetadata()
                .withSpec(TEMPLATE.getSpec())
                .withNewStatus().withPodIP("127.0.0.2")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(readySince.toString()).endCondition()
                .withContainerStatuses(container).endStatus()
                .build();
    }

    static MemberView view(Pod pod) {
        return MemberView.of(pod, TEMPLATE, MemberHealth.UNREACHABLE);
    }

    static ContainerStatus runningReady(Instant startedAt) {
        return member().withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(startedAt.toString()).endRunning().endState().build();
    }

    /** Back in the kubelet's back-off after {@code restarts} restarts, the last ended with {@code exitCode}. */
    static ContainerStatus crashLoopBackOff(int restarts, int exitCode, String lastMessage) {
        return member().withReady(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=hazelcast").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(lastMessage)
                .endTerminated().endLastState().build();
    }

    /** Started again between two back-offs of a crash loop: running, not Ready, the last run ended with {@code exitCode}. */
    static ContainerStatus runningAfterCrash(Instant startedAt, int restarts, int exitCode, String lastMessage) {
        return member().withReady(false).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt(startedAt.toString()).endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(lastMessage)
                .endTerminated().endLastState().build();
    }

    /** Exited with {@code exitCode} a moment ago, not yet in back-off. */
    static ContainerStatus justExited(int restarts, int exitCode, String message) {
        return member().withReady(false).withRestartCount(restarts)
                .withNewState().withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(message)
                .endTerminated().endState().build();
    }

    static ContainerStatus imagePullBackOff(String image) {
        return member().withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState().build();
    }

    private static ContainerStatusBuilder member() {
        return new ContainerStatusBuilder().withName(MemberStatefulSet.CONTAINER).withImage("hazelcast/hazelcast:5.7.0");
    }
}
