package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.sessioncache.operator.api.v1alpha1.MetricsSpec;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members' metrics endpoint, as the hazelcast/hazelcast image serves it: PROMETHEUS_PORT makes its start script
 * run the bundled JMX exporter as a Java agent on that port, exporting Hazelcast's Metrics MBeans and the JVM's. The
 * pods name the port and carry the scrape annotations that annotation-based Prometheus jobs look for.
 */
public final class MemberMetrics {

    /** What the image reads to start its JMX exporter. */
    public static final String PORT_ENV = "PROMETHEUS_PORT";
    public static final String PORT_NAME = "metrics";
    public static final String PATH = "/metrics";
    static final String SCRAPE_ANNOTATION = "prometheus.io/scrape";
    static final String PORT_ANNOTATION = "prometheus.io/port";
    static final String PATH_ANNOTATION = "prometheus.io/path";

    private MemberMetrics() {
    }

    public static List<EnvVar> env(SessionClusterSpec spec) {
        MetricsSpec metrics = spec.getMetrics();
        return metrics.isEnabled() ? List.of(new EnvVar(PORT_ENV, String.valueOf(metrics.getPort()), null)) : List.of();
    }

    public static List<ContainerPort> ports(SessionClusterSpec spec) {
        MetricsSpec metrics = spec.getMetrics();
        return metrics.isEnabled()
                ? List.of(new ContainerPortBuilder().withName(PORT_NAME).withContainerPort(metrics.getPort()).withProtocol("TCP").build())
                : List.of();
    }

    /** The conventional prometheus.io/* pod annotations; none when metrics are off. */
    public static Map<String, String> scrapeAnnotations(SessionClusterSpec spec) {
        MetricsSpec metrics = spec.getMetrics();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (metrics.isEnabled()) {
            annotations.put(SCRAPE_ANNOTATION, "true");
            annotations.put(PORT_ANNOTATION, String.valueOf(metrics.getPort()));
            annotations.put(PATH_ANNOTATION, PATH);
        }
        return annotations;
    }
}
