package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.GeneratedFiles;
import io.sessioncache.controlplane.PrometheusTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart's PrometheusRule, its copy as a plain rules file (monitoring/sessioncache-rules.yaml, generated and checked
 * like the other generated files), and promtool's unit tests of every alert (monitoring/sessioncache-rules-test.yaml).
 * promtool comes with Debian's prometheus package ({@link PrometheusTools}).
 */
class AlertRulesTest {

    static final String RULES_FILE = "sessioncache-rules.yaml";
    static final String RULES_TEST_FILE = "sessioncache-rules-test.yaml";
    /** The job of the operator's metrics Service for the release sessioncache-operator. */
    static final String OPERATOR_JOB = "sessioncache-operator-metrics";
    private static final String HEADER = """
            # Generated from the Helm chart's PrometheusRule (helm/sessioncache-operator, metrics.prometheusRule.enabled=true,
            # release sessioncache-operator, default values): do not edit, edit the chart's templates and regenerate with
            # mvn -B test -Dsessioncache.regenerate=true. Load it with Prometheus' rule_files; promtool test rules
            # sessioncache-rules-test.yaml tests it.
            """;

    @Test
    void plainRulesFileHoldsTheChartsRuleGroups() {
        GeneratedFiles.assertUpToDate(Repository.monitoring().resolve(RULES_FILE), generate());
    }

    @Test
    void everyAlertHasAPromtoolTestThatExpectsItToFire() {
        Set<String> alerts = new TreeSet<>();
        groups().forEach(g -> rules(g).forEach(r -> alerts.add((String) r.get("alert"))));
        Set<String> expectedToFire = new TreeSet<>();
        for (Map<String, Object> test : list(yaml(RULES_TEST_FILE).get("tests"))) {
            for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
                if (!list(check.get("exp_alerts")).isEmpty()) {
                    expectedToFire.add((String) check.get("alertname"));
                }
            }
        }

        assertThat(alerts).as("alerts of the chart").hasSize(6);
        assertThat(expectedToFire).as("alerts a promtool test expects to fire").isEqualTo(alerts);
    }

    @Test
    void everyRuleUsesOnlyMetricsTheExportersProduce() {
        Set<String> used = new TreeSet<>();
        groups().forEach(g -> rules(g).forEach(r -> used.addAll(MetricNames.in((String) r.get("expr")))));

        assertThat(used).as("metrics the rules use").contains("sessioncache_cluster_halted", "up");
        assertThat(MetricNames.known()).as("known metric names").containsAll(used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceMonitorScrapesTheOperatorAsTheRulesExpect() {
        List<GenericKubernetesResource> objects = Chart.render(Chart.RELEASE, Chart.BUNDLE_NAMESPACE,
                "metrics: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}}");
        GenericKubernetesResource monitor = Chart.ofKind(objects, "ServiceMonitor").get(0);
        Map<String, Object> endpoint = ((List<Map<String, Object>>) ((Map<String, Object>) monitor.getAdditionalProperties()
                .get("spec")).get("endpoints")).get(0);

        // The Prometheus Operator names the job after the Service; the operator-down alert selects that job.
        assertThat(Chart.find(objects, "Service", OPERATOR_JOB)).isPresent();
        assertThat(groups()).flatExtracting(AlertRulesTest::rules).extracting(r -> (String) r.get("expr"))
                .contains("absent(up{job=\"" + OPERATOR_JOB + "\"} == 1)");
        // The series' namespace label is the SessionCluster's; the target's (the operator's) must not replace it.
        assertThat(endpoint).containsEntry("honorLabels", true);
    }

    @Test
    void promtoolPassesEveryRuleTest() throws IOException, InterruptedException {
        Path promtool = PrometheusTools.require("promtool");
        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", RULES_TEST_FILE)
                .directory(Repository.monitoring().toFile()).redirectErrorStream(true).start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as("promtool finished within 2 minutes").isTrue();
        assertThat(process.exitValue()).as("promtool test rules:\n" + output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    /** The rule groups of the chart's PrometheusRule as a plain Prometheus rules file. */
    static String generate() {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, YAMLGenerator.Feature.SPLIT_LINES)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES, YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
        try {
            return HEADER + yaml.writeValueAsString(Map.of("groups", groups()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> groups() {
        List<GenericKubernetesResource> objects = Chart.render(Chart.RELEASE, Chart.BUNDLE_NAMESPACE,
                "metrics: {prometheusRule: {enabled: true}}");
        GenericKubernetesResource rule = Chart.ofKind(objects, "PrometheusRule").get(0);
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        return (List<Map<String, Object>>) spec.get("groups");
    }

    private static List<Map<String, Object>> rules(Map<String, Object> group) {
        return list(group.get("rules"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) {
        return Serialization.unmarshal(Repository.read(Repository.monitoring().resolve(file)), Map.class);
    }
}
