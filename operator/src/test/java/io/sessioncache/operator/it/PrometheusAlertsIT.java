package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.controlplane.PrometheusTools;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert rules (monitoring/sessioncache-rules.yaml, the chart's PrometheusRule) loaded by a real Prometheus server
 * that scrapes the real operator as the chart's ServiceMonitor has it scraped (its job name, the target labels of the
 * operator's pod, namespace among them, and honor_labels, so the series keep their SessionCluster's namespace): a halted roll
 * fires SessionClusterHalted with its reason, the members that never become Ready (no pod runtime runs them) make
 * SessionClusterMemberMissing and SessionClusterUnsafe pending for the right cluster, and a killed operator makes
 * SessionCacheOperatorDown pending. The alerts' own waits (5 and 10 minutes) are not sat out here; promtool's tests
 * cover them.
 */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
@OperatorEnvironment("SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT=PT5S")
class PrometheusAlertsIT {

    /** The job the chart's ServiceMonitor makes for the release sessioncache-operator, which the rules file expects. */
    private static final String OPERATOR_JOB = "sessioncache-operator-metrics";
    private static final String NAME = "alerting";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** SessionClusterHalted's for: 1m, plus scrapes and evaluations. */
    private static final Duration HALTED_FIRES_WITHIN = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final RunningOperator operator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GuardedProcess prometheus;
    private int prometheusPort;

    PrometheusAlertsIT(KubernetesClient client, TestNamespace namespace, RunningOperator operator) {
        this.client = client;
        this.namespace = namespace;
        this.operator = operator;
    }

    @AfterEach
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void aRealPrometheusFiresTheHaltAndSeesMissingMembersAndAStoppedOperator() throws IOException, InterruptedException {
        startPrometheus(PrometheusTools.require("prometheus"));
        createCluster();

        await("SessionClusterMemberMissing and SessionClusterUnsafe pending for " + NAME).atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> alert("SessionClusterMemberMissing").isPresent() && alert("SessionClusterUnsafe").isPresent());
        assertThat(alert("SessionClusterMemberMissing").orElseThrow().path("value").asDouble()).as("members Ready").isZero();

        await("the first member's pod").atMost(TIMEOUT)
                .until(() -> client.pods().inNamespace(namespace.name()).withName(NAME + "-0").get() != null);
        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(NAME)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"sessions\": {\"maxIdleSeconds\": 900}}}");
        await("the roll halts: Degraded=True").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> degradedReason().isPresent());
        String reason = degradedReason().orElseThrow();
        await("SessionClusterHalted fires").atMost(HALTED_FIRES_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> alert("SessionClusterHalted").map(a -> "firing".equals(a.path("state").asText())).orElse(false));
        JsonNode halted = alert("SessionClusterHalted").orElseThrow();
        assertThat(halted.path("labels").path("reason").asText()).isEqualTo(reason);
        assertThat(halted.path("annotations").path("summary").asText())
                .isEqualTo("SessionCluster %s/%s halted: %s", namespace.name(), NAME, reason);
        assertThat(alertsNamed("SessionCacheOperatorDown")).as("operator down while it runs").isEmpty();

        operator.process().kill();
        await("SessionCacheOperatorDown pending").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !alertsNamed("SessionCacheOperatorDown").isEmpty());
    }

    private void startPrometheus(Path binary) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "prometheus", namespace.name()).toAbsolutePath());
        Path rules = RepositoryRoot.find().resolve("monitoring").resolve("sessioncache-rules.yaml");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                - %s
                scrape_configs:
                - job_name: %s
                  honor_labels: true
                  metrics_path: /q/metrics
                  static_configs:
                  - targets: ['127.0.0.1:%d']
                    labels: {namespace: sessioncache-system, service: %s, pod: sessioncache-operator-0}
                """.formatted(rules, OPERATOR_JOB, operator.process().httpPort(), OPERATOR_JOB));
        prometheusPort = TestPorts.free();
        prometheus = GuardedProcess.start("prometheus", List.of(binary.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort), Map.of(), dir, dir.resolve("prometheus.log"));
        await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> get("/-/ready").statusCode() == 200);
    }

    /** The one active (pending or firing) alert of this name for this test's cluster. */
    private Optional<JsonNode> alert(String name) throws IOException, InterruptedException {
        List<JsonNode> mine = alertsNamed(name).stream()
                .filter(a -> namespace.name().equals(a.path("labels").path("namespace").asText())
                        && NAME.equals(a.path("labels").path("name").asText()))
                .toList();
        assertThat(mine).as(name + " alerts for " + NAME).hasSizeLessThanOrEqualTo(1);
        return mine.stream().findFirst();
    }

    private List<JsonNode> alertsNamed(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/alerts");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(response.body()).path("data").path("alerts").forEach(a -> {
            if (name.equals(a.path("labels").path("alertname").asText())) {
                alerts.add(a);
            }
        });
        return alerts;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void createCluster() {
        SessionCluster cluster = new SessionCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(namespace.name()).build());
        SessionClusterSpec spec = new SessionClusterSpec();
        spec.setReplicas(3);
        cluster.setSpec(spec);
        client.resource(cluster).create();
    }

    private Optional<String> degradedReason() {
        SessionCluster cluster = client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(NAME).get();
        if (cluster == null || cluster.getStatus() == null) {
            return Optional.empty();
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(Condition::getReason).findFirst();
    }
}
