package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.DashboardPicture;
import io.sessioncache.controlplane.DashboardQueries;
import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.controlplane.PrometheusTools;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.TestPorts;
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
 * cover them. Every query of the chart's operator dashboard selects data from this Prometheus, and the panels are drawn
 * as the picture docs/observability.md shows.
 */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
@OperatorEnvironment("SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT=PT5S")
class PrometheusAlertsIT {

    private static final String NAME = "alerting";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** SessionClusterHalted's for: 1m, plus scrapes and evaluations. */
    private static final Duration HALTED_FIRES_WITHIN = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OPERATOR_DASHBOARD = Path.of("helm", "sessioncache-operator", "dashboards", "sessioncache-operator.json");

    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final RunningOperator operator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GuardedProcess prometheus;
    private int prometheusPort;
    private double startedAt;

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
        startedAt = System.currentTimeMillis() / 1000.0;
        HaltingCluster cluster = new HaltingCluster(client, namespace.name(), NAME);
        cluster.create();

        await("SessionClusterMemberMissing and SessionClusterUnsafe pending for " + NAME).atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> alert("SessionClusterMemberMissing").isPresent() && alert("SessionClusterUnsafe").isPresent());
        assertThat(alert("SessionClusterMemberMissing").orElseThrow().path("value").asDouble()).as("members Ready").isZero();

        String reason = cluster.haltARoll();
        await("SessionClusterHalted fires").atMost(HALTED_FIRES_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> alert("SessionClusterHalted").map(a -> "firing".equals(a.path("state").asText())).orElse(false));
        JsonNode halted = alert("SessionClusterHalted").orElseThrow();
        assertThat(halted.path("labels").path("reason").asText()).isEqualTo(reason);
        assertThat(halted.path("annotations").path("summary").asText())
                .isEqualTo("SessionCluster %s/%s halted: %s", namespace.name(), NAME, reason);
        assertThat(alertsNamed("SessionCacheOperatorDown")).as("operator down while it runs").isEmpty();
        drawOperatorDashboard();

        operator.process().kill();
        await("SessionCacheOperatorDown pending").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !alertsNamed("SessionCacheOperatorDown").isEmpty());
    }

    /**
     * Runs every query of the chart's operator dashboard for this cluster over the test so far, asserts each one
     * selects data up to now, and draws the panels (target/dashboard/operator-dashboard.svg; with
     * -Dsessioncache.dashboard.pictures=docs/images also there, relative to the repository root).
     */
    private void drawOperatorDashboard() throws IOException {
        Path dashboard = RepositoryRoot.find().resolve(OPERATOR_DASHBOARD);
        double end = System.currentTimeMillis() / 1000.0;
        List<DashboardQueries.AnsweredPanel> panels = new DashboardQueries(URI.create("http://127.0.0.1:" + prometheusPort))
                .run(dashboard, Map.of("namespace", namespace.name(), "cluster", NAME, "__rate_interval", "10s"), startedAt, end);
        // Each query shows the cluster as it is now, not only at some moment of the test.
        panels.forEach(panel -> assertThat(panel.answers()).allSatisfy(answer ->
                assertThat(answer.reaches(end - startedAt - 2)).as("series of " + answer.expr() + " up to the end").isTrue()));
        // The picture names the one cluster it shows; its generated namespace would only crowd the legend.
        String svg = DashboardPicture.svg(DashboardQueries.title(dashboard),
                "A real operator scraped by a real Prometheus: a 3-member SessionCluster whose members never become Ready,"
                        + " then a roll that halts (" + namespace.name() + "/" + NAME + ")",
                panels.stream().map(panel -> panel.picture(legend -> legend.replace(namespace.name() + "/", ""))).toList(),
                end - startedAt);
        DashboardPicture.save(svg, "operator-dashboard");
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
                %s""".formatted(rules, PrometheusTools.operatorScrapeJob(operator.process().httpPort())));
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
}
