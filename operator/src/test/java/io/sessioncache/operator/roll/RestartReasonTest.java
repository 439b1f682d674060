package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.MemberStatefulSet;
import io.sessioncache.operator.model.RenderedConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartReasonTest {

    private final SessionCluster cluster = SessionClusters.named("shop");
    private final Pod running = podFrom(template());

    @Test
    void aNewMemberConfigIsAConfigurationChange() {
        cluster.getSpec().getSessions().setMaxIdleSeconds(60);

        assertThat(RestartReason.between(running, template())).isEqualTo(RestartReason.CONFIGURATION_CHANGED);
    }

    @Test
    void aNewImageIsAVersionChange() {
        cluster.getSpec().setVersion("5.7.1");

        assertThat(RestartReason.between(running, template())).isEqualTo(RestartReason.VERSION_CHANGED);
    }

    @Test
    void newResourcesAreAResourcesChange() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder().withLimits(Map.of("memory", new Quantity("1Gi"))).build());

        assertThat(RestartReason.between(running, template())).isEqualTo(RestartReason.RESOURCES_CHANGED);
    }

    @Test
    void aChangedPodAnnotationIsNamed() {
        cluster.getSpec().getPod().getAnnotations().put("example.com/owner", "web-team");

        assertThat(RestartReason.between(running, template())).isEqualTo(RestartReason.POD_ANNOTATIONS_CHANGED);
    }

    @Test
    void annotationsOthersAddToARunningPodAreNotTakenForAChange() {
        Pod annotatedByOthers = annotatedByOthers();
        cluster.getSpec().getPod().getNodeSelector().put("pool", "b");

        assertThat(RestartReason.between(annotatedByOthers, template())).isEqualTo(RestartReason.POD_TEMPLATE_CHANGED);
    }

    /**
     * Whether a member is outdated comes from the revision label the StatefulSet controller puts on its pod, a hash of
     * the template the pod was made from: annotations added to the pod later leave it current.
     */
    @Test
    void aPodAnnotatedByOthersStaysCurrent() {
        Pod annotatedByOthers = annotatedByOthers();
        annotatedByOthers.getMetadata().getLabels().put(MemberView.REVISION_LABEL, "shop-5d4f");

        MemberView member = MemberView.of(annotatedByOthers, template(), MemberHealth.UNREACHABLE);

        assertThat(member.outdated("shop-5d4f")).isFalse();
    }

    @Test
    void anythingElseIsAPodTemplateChange() {
        cluster.getSpec().getPod().getNodeSelector().put("pool", "b");

        assertThat(RestartReason.between(running, template())).isEqualTo(RestartReason.POD_TEMPLATE_CHANGED);
    }

    private PodTemplateSpec template() {
        return MemberStatefulSet.build(cluster, RenderedConfig.of(cluster).memberConfigHash()).getSpec().getTemplate();
    }

    /** A pod made from the current template that a service mesh and the kubelet have since annotated. */
    private Pod annotatedByOthers() {
        Pod pod = podFrom(template());
        pod.getMetadata().setName("shop-0");
        pod.getMetadata().setLabels(new HashMap<>(pod.getMetadata().getLabels()));
        pod.getMetadata().setAnnotations(new HashMap<>(pod.getMetadata().getAnnotations()));
        pod.getMetadata().getAnnotations().put("sidecar.istio.io/status", "{\"containers\":[\"istio-proxy\"]}");
        pod.getMetadata().getAnnotations().put("kubernetes.io/config.seen", "2026-01-01T12:00:00Z");
        return pod;
    }

    private static Pod podFrom(PodTemplateSpec template) {
        return new PodBuilder().withMetadata(template.getMetadata()).withSpec(template.getSpec()).build();
    }
}
