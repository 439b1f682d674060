package io.sessioncache.operator.it;

import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.operator.PrometheusText;
import java.util.Map;

/** Reads the operator's own Prometheus counters for one SessionCluster. */
final class OperatorMetrics {

    private OperatorMetrics() {
    }

    static double reconciles(OperatorProcess operator, String namespace, String name) {
        return PrometheusText.value(operator.metrics(), "sessioncache_reconciles_total",
                Map.of("namespace", namespace, "name", name)).orElse(0);
    }
}
