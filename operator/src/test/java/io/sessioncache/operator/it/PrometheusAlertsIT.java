package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.controlplane.PrometheusTools;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.TestPorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** Where to write the dashboard's picture besides target/, relative to the repository root. */
    private static final String PICTURE = "sessioncache.dashboard.picture";

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
     * selects data up to now, and draws the panels (target/dashboard/; with -Dsessioncache.dashboard.picture=<file> also there,
     * relative to the repository root).
     */
    private void drawOperatorDashboard() throws IOException, InterruptedException {
        JsonNode dashboard = JSON.readTree(RepositoryRoot.find().resolve(OPERATOR_DASHBOARD).toFile());
        double end = System.currentTimeMillis() / 1000.0;
        List<DashboardPicture.Panel> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            List<DashboardPicture.Series> series = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$namespace", namespace.name())
                        .replace("$cluster", NAME).replace("$__rate_interval", "10s");
                List<DashboardPicture.Series> answered = range(expr, target.path("legendFormat").asText(), startedAt, end);
                // Each query shows the cluster as it is now, not only at some moment of the test.
                assertThat(answered).as("series of " + expr + " up to the end")
                        .anyMatch(line -> line.points().get(line.points().size() - 1)[0] >= end - startedAt - 2);
                series.addAll(answered);
            }
            panels.add(new DashboardPicture.Panel(panel.path("title").asText(),
                    panel.path("fieldConfig").path("defaults").path("unit").asText("short"), series));
        }
        String svg = DashboardPicture.svg(dashboard.path("title").asText(),
                "A real operator scraped by a real Prometheus: a 3-member SessionCluster whose members never become Ready,"
                        + " then a roll that halts (" + namespace.name() + "/" + NAME + ")", panels, end - startedAt);
        Path picture = Files.createDirectories(Path.of("target", "dashboard")).resolve("sessioncache-operator.svg");
        Files.writeString(picture, svg);
        String copy = System.getProperty(PICTURE);
        if (copy != null && !copy.isBlank()) {
            Files.writeString(RepositoryRoot.find().resolve(copy), svg);
        }
    }

    private List<DashboardPicture.Series> range(String expr, String legendFormat, double start, double end)
            throws IOException, InterruptedException {
        String query = "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + end + "&step=1";
        HttpResponse<String> response = get(query);
        assertThat(response.statusCode()).as(expr + ": " + response.body()).isEqualTo(200);
        List<DashboardPicture.Series> series = new ArrayList<>();
        for (JsonNode result : JSON.readTree(response.body()).path("data").path("result")) {
            List<double[]> points = new ArrayList<>();
            result.path("values").forEach(v -> points.add(new double[] {v.get(0).asDouble() - start, v.get(1).asDouble()}));
            Matcher label = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(legendFormat);
            String legend = label.replaceAll(m -> Matcher.quoteReplacement(result.path("metric").path(m.group(1)).asText()));
            // The picture names the one cluster it shows; its generated namespace would only crowd the legend.
            series.add(new DashboardPicture.Series(legend.replace(namespace.name() + "/", ""), points));
        }
        return series;
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
