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
    void anythingElseIsAPodTemplateChange() {
        cluster.getSpec().getPod().getNodeSelector().put("pool", "b");

        assertThat(RestartReason.between(running, template())).isEqualTo(RestartReason.POD_TEMPLATE_CHANGED);
    }

    private PodTemplateSpec template() {
        return MemberStatefulSet.build(cluster, RenderedConfig.of(cluster).memberConfigHash()).getSpec().getTemplate();
    }

    private static Pod podFrom(PodTemplateSpec template) {
        return new PodBuilder().withMetadata(template.getMetadata()).withSpec(template.getSpec()).build();
    }
}
