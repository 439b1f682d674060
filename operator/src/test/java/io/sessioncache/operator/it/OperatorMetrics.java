package io.sessioncache.operator.it;

import io.sessioncache.controlplane.OperatorProcess;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the operator's own Prometheus counters for one SessionCluster. */
final class OperatorMetrics {

    private OperatorMetrics() {
    }

    static double reconciles(OperatorProcess operator, String namespace, String name) {
        return counter(operator.metrics(), "sessioncache_reconciles_total", namespace, name);
    }

    static double counter(String metrics, String metric, String namespace, String name) {
        Pattern line = Pattern.compile("^" + metric + "\\{([^}]*)} ([0-9.Ee+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("name=\"" + name + "\"") && labels.contains("namespace=\"" + namespace + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
