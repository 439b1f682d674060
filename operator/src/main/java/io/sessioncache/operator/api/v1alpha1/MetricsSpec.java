package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Each member's metrics in Prometheus format, served by the member image's own JMX exporter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {

    public static final int DEFAULT_PORT = 8080;

    @Default("true")
    @JsonPropertyDescription("Serve each member's Hazelcast metrics (its Metrics MBeans: maps, partitions, operations, "
            + "memory) and JVM metrics in Prometheus text format at http://<pod IP>:<port>/metrics. The operator sets "
            + "PROMETHEUS_PORT, which makes the hazelcast/hazelcast image start its bundled JMX exporter, names the "
            + "container port 'metrics' and annotates the pods prometheus.io/scrape, /port and /path. Changing it "
            + "restarts the members one at a time.")
    private boolean enabled = true;

    @Min(1)
    @Max(65535)
    @ValidationRule(value = "self != 5701", message = "5701 is the member port")
    @Default("8080")
    @JsonPropertyDescription("Port of the metrics endpoint on every member pod. Not 5701, the member port.")
    private int port = DEFAULT_PORT;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }
}
