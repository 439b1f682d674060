package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import org.junit.jupiter.api.Test;

/** The members' metrics endpoint on the StatefulSet: the image's PROMETHEUS_PORT, a named port, scrape annotations. */
class MemberMetricsTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void membersServeMetricsOnPort8080ByDefault() {
        assertThat(member().getEnv()).contains(new EnvVar("PROMETHEUS_PORT", "8080", null));
        assertThat(member().getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(tuple("hazelcast", 5701), tuple("metrics", 8080));
        assertThat(template().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8080")
                .containsEntry("prometheus.io/path", "/metrics");
    }

    @Test
    void anotherPortMovesTheEnvThePortAndTheAnnotation() {
        cluster.getSpec().getMetrics().setPort(9404);

        assertThat(member().getEnv()).contains(new EnvVar("PROMETHEUS_PORT", "9404", null));
        assertThat(member().getPorts()).filteredOn(port -> "metrics".equals(port.getName()))
                .singleElement().extracting(ContainerPort::getContainerPort).isEqualTo(9404);
        assertThat(template().getMetadata().getAnnotations()).containsEntry("prometheus.io/port", "9404");
    }

    @Test
    void disabledMetricsLeaveNoPortNoEnvAndNoScrapeAnnotations() {
        cluster.getSpec().getMetrics().setEnabled(false);

        assertThat(member().getEnv()).extracting(EnvVar::getName).doesNotContain("PROMETHEUS_PORT");
        assertThat(member().getPorts()).extracting(ContainerPort::getName).containsExactly("hazelcast");
        assertThat(template().getMetadata().getAnnotations()).containsOnlyKeys(MemberStatefulSet.CONFIG_HASH_ANNOTATION);
    }

    @Test
    void switchingMetricsRestartsTheMembers() {
        PodTemplateSpec before = template();

        cluster.getSpec().getMetrics().setEnabled(false);

        assertThat(template()).isNotEqualTo(before);
    }

    @Test
    void theUsersPodAnnotationsOverrideTheScrapeAnnotations() {
        cluster.getSpec().getPod().getAnnotations().put("prometheus.io/scrape", "false");

        assertThat(template().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "false")
                .containsEntry("prometheus.io/port", "8080");
    }

    private PodTemplateSpec template() {
        return MemberStatefulSet.build(cluster, "hash").getSpec().getTemplate();
    }

    private Container member() {
        return template().getSpec().getContainers().get(0);
    }
}
