package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.GeneratedFiles;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.PrometheusText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's /q/metrics tell what its SessionClusters look like, as their status does: members asked for and
 * Ready, safety, a halted roll with its reason, reconcile duration; and a deleted cluster's series go. Members never
 * become Ready here (no pod runtime runs them), so a roll halts after the 5 s member-ready timeout. The scrape's
 * sessioncache_* names are checked against monitoring/operator-metrics.txt, the list the dashboard test uses.
 */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
@OperatorEnvironment("SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT=PT5S")
class OperatorMetricsIT {

    static final Path OPERATOR_METRICS = Path.of("monitoring", "operator-metrics.txt");
    private static final String NAME = "metered";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final RunningOperator operator;

    OperatorMetricsIT(KubernetesClient client, TestNamespace namespace, RunningOperator operator) {
        this.client = client;
        this.namespace = namespace;
        this.operator = operator;
    }

    @Test
    void metricsFollowAClusterFromCreationThroughAHaltedRollToItsDeletion() {
        HaltingCluster cluster = new HaltingCluster(client, namespace.name(), NAME);
        cluster.create();

        await("gauges of the new cluster").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> value("sessioncache_cluster_members_desired", Map.of()).orElse(-1) == 3);
        String created = operator.process().metrics();
        assertThat(value(created, "sessioncache_cluster_members_ready", Map.of())).hasValue(0);
        assertThat(value(created, "sessioncache_cluster_safe", Map.of())).hasValue(0);
        assertThat(value(created, "sessioncache_reconcile_errors_total", Map.of())).hasValue(0);
        assertThat(value(created, "sessioncache_reconcile_duration_seconds_count", Map.of()).orElse(0)).isPositive();
        assertThat(value(created, "sessioncache_reconciles_total", Map.of()).orElse(0)).isPositive();
        assertThat(value(created, "sessioncache_child_writes_total", Map.of()).orElse(0))
                .as("the children it created").isGreaterThanOrEqualTo(4);
        GeneratedFiles.assertUpToDate(RepositoryRoot.find().resolve(OPERATOR_METRICS),
                String.join("\n", PrometheusText.sampleNames(created, "sessioncache_")) + "\n");

        String reason = cluster.haltARoll();
        await("the halted gauge shows " + reason).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> value("sessioncache_cluster_halted", Map.of("reason", reason)).orElse(0) == 1);
        String halted = operator.process().metrics();
        assertThat(PrometheusText.count(halted, "sessioncache_cluster_halted", labels(Map.of())))
                .as("halted series of the cluster").isEqualTo(1);
        assertThat(value(halted, "sessioncache_cluster_rolling", Map.of())).as("a halted roll is not rolling").hasValue(0);
        double reconciles = value(halted, "sessioncache_reconcile_duration_seconds_count", Map.of()).orElseThrow();
        System.out.printf("halted (%s) after %.0f reconciles: mean reconcile %.1f ms, longest of the last 2 min %.1f ms%n",
                reason, reconciles,
                1000 * value(halted, "sessioncache_reconcile_duration_seconds_sum", Map.of()).orElseThrow() / reconciles,
                1000 * value(halted, "sessioncache_reconcile_duration_seconds_max", Map.of()).orElseThrow());

        cluster.delete();
        await("every series of the deleted cluster goes").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> operator.process().metrics().lines()
                        .noneMatch(l -> l.startsWith("sessioncache_") && l.contains("name=\"" + NAME + "\"")));
    }

    private OptionalDouble value(String metric, Map<String, String> labels) {
        return value(operator.process().metrics(), metric, labels);
    }

    private OptionalDouble value(String scrape, String metric, Map<String, String> labels) {
        return PrometheusText.value(scrape, metric, labels(labels));
    }

    private Map<String, String> labels(Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(extra);
        labels.put("namespace", namespace.name());
        labels.put("name", NAME);
        return labels;
    }
}
