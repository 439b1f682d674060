package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboards: ConfigMaps the Grafana sidecar picks up by label, each holding dashboard JSON whose
 * every query selects only metrics the exporters produce (monitoring/operator-metrics.txt, from a real scrape of the
 * operator; monitoring/member-metrics.txt for the members).
 */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void areOffByDefault() {
        assertThat(Chart.ofKind(Chart.renderDefaults(), "ConfigMap")).isEmpty();
    }

    @Test
    void eachDashboardIsAConfigMapWithTheSidecarsLabelHoldingValidJson() throws IOException {
        Map<String, JsonNode> dashboards = dashboards("metrics: {grafanaDashboard: {enabled: true}}", "grafana_dashboard", "1");

        assertThat(dashboards).containsOnlyKeys("sessioncache-operator-dashboard-operator", "sessioncache-operator-dashboard-members");
        for (JsonNode dashboard : dashboards.values()) {
            assertThat(dashboard.path("uid").asText()).isNotBlank();
            assertThat(dashboard.path("title").asText()).isNotBlank();
            assertThat(dashboard.path("panels")).isNotEmpty();
            dashboard.path("panels").forEach(panel ->
                    assertThat(panel.path("targets")).as("queries of panel " + panel.path("title")).isNotEmpty());
        }
    }

    @Test
    void theSidecarLabelNamespaceAndFolderCanBeChosen() {
        List<GenericKubernetesResource> maps = Chart.ofKind(Chart.render(Chart.RELEASE, "ops",
                "metrics: {grafanaDashboard: {enabled: true, label: dashboards, labelValue: sessioncache, namespace: grafana,"
                        + " annotations: {grafana_folder: Sessions}}}"),
                "ConfigMap");

        assertThat(maps).hasSize(2).allSatisfy(map -> {
            assertThat(map.getMetadata().getLabels()).containsEntry("dashboards", "sessioncache").doesNotContainKey("grafana_dashboard");
            assertThat(map.getMetadata().getNamespace()).isEqualTo("grafana");
            assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Sessions");
        });
    }

    @Test
    void everyQuerySelectsOnlyMetricsTheExportersProduce() throws IOException {
        Map<String, JsonNode> dashboards = dashboards("metrics: {grafanaDashboard: {enabled: true}}", "grafana_dashboard", "1");
        Set<String> operator = MetricNames.list("operator-metrics.txt");
        Set<String> members = MetricNames.list("member-metrics.txt");

        Set<String> usedByOperatorDashboard = metricsIn(dashboards.get("sessioncache-operator-dashboard-operator"));
        Set<String> usedByMembersDashboard = metricsIn(dashboards.get("sessioncache-operator-dashboard-members"));

        assertThat(usedByOperatorDashboard).as("metrics of the operator dashboard")
                .contains("sessioncache_cluster_members_ready", "sessioncache_cluster_members_updated").isSubsetOf(operator);
        assertThat(usedByMembersDashboard).as("metrics of the members dashboard").isNotEmpty().isSubsetOf(members);
    }

    private static Set<String> metricsIn(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        queries(dashboard).forEach(q -> names.addAll(MetricNames.in(q)));
        return names;
    }

    /** Panel queries and template variable queries. */
    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> {
            if ("query".equals(variable.path("type").asText())) {
                String query = variable.path("query").path("query").asText();
                queries.add(query.replaceFirst("^label_values\\((.*),\\s*\\w+\\)$", "$1"));
            }
        });
        assertThat(queries).as("queries of " + dashboard.path("title")).isNotEmpty().doesNotContain("");
        return queries;
    }

    /** The dashboards the chart renders with these values, by ConfigMap name, from ConfigMaps with the given label. */
    private static Map<String, JsonNode> dashboards(String values, String label, String labelValue) throws IOException {
        Map<String, JsonNode> dashboards = new java.util.TreeMap<>();
        for (GenericKubernetesResource map : Chart.ofKind(Chart.render(Chart.RELEASE, Chart.BUNDLE_NAMESPACE, values), "ConfigMap")) {
            assertThat(map.getMetadata().getLabels()).containsEntry(label, labelValue);
            @SuppressWarnings("unchecked")
            Map<String, String> data = (Map<String, String>) map.getAdditionalProperties().get("data");
            assertThat(data).as("data of " + map.getMetadata().getName()).hasSize(1);
            dashboards.put(map.getMetadata().getName(), JSON.readTree(data.values().iterator().next()));
        }
        return dashboards;
    }
}
