package io.sessioncache.controlplane;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own programs (promtool, prometheus), found on the PATH. Debian's prometheus package ships both; .ci/run
 * installs it and sets the environment variable {@link #REQUIRED}, so there a missing program fails the test. Elsewhere the test is skipped with
 * a message.
 */
public final class PrometheusTools {

    public static final String REQUIRED = "SESSIONCACHE_PROMETHEUS_REQUIRED";
    /** The job the chart's ServiceMonitor makes for the release sessioncache-operator, which the rules file expects. */
    public static final String OPERATOR_JOB = "sessioncache-operator-metrics";

    private PrometheusTools() {
    }

    /**
     * A {@code scrape_configs} entry (YAML, one list item at column 0) that scrapes an operator on 127.0.0.1:{@code port}
     * as the chart's ServiceMonitor has it scraped: its job name, the target labels of the operator's pod, namespace
     * among them, and honor_labels, so the series keep their SessionCluster's namespace.
     */
    public static String operatorScrapeJob(int port) {
        return """
                - job_name: %s
                  honor_labels: true
                  metrics_path: /q/metrics
                  static_configs:
                  - targets: ['127.0.0.1:%d']
                    labels: {namespace: sessioncache-system, service: %s, pod: sessioncache-operator-0}
                """.formatted(OPERATOR_JOB, port, OPERATOR_JOB);
    }

    /** The program's path; aborts the calling test when it is missing, or fails it when {@link #REQUIRED} is set. */
    public static Path require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = program + " is not on the PATH: install it (Debian: apt-get install prometheus, then stop the"
                + " server it starts; .ci/run does both)";
        if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
            throw new AssertionError(message + ". " + REQUIRED + " is set, so this test must run");
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }
}
