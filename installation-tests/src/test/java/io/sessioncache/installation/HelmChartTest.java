package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.OperatorJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm lint and helm template (helm-java: Helm's own Go code) with default and non-default values. */
class HelmChartTest {

    private static final String NON_DEFAULT = """
            fullnameOverride: sc-op
            replicaCount: 2
            watchNamespaces: [shop, payments]
            image: {repository: registry.local/sessioncache-operator, tag: "9.9.9"}
            serviceAccount: {name: sessions-operator, annotations: {team: platform}}
            rbac: {createMemberNodeReader: false}
            metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}, memberPodMonitor: {enabled: true},
                      prometheusRule: {enabled: true}, grafanaDashboard: {enabled: true}}
            logLevel: DEBUG
            """;

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = new Helm(Repository.chart()).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void lintsWithoutWarningsWithNonDefaultValues(@TempDir Path copy) throws IOException {
        // helm lint takes the chart's own values.yaml: lint a copy whose values.yaml carries the non-default values.
        try (var files = Files.walk(Repository.chart())) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(Repository.chart().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Map<String, Object> values = Serialization.unmarshal(Repository.read(Repository.chart().resolve("values.yaml")), Map.class);
        merge(values, Serialization.unmarshal(NON_DEFAULT, Map.class));
        Files.writeString(copy.resolve("values.yaml"), Serialization.asYaml(values));

        LintResult result = new Helm(copy).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && into.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) nested);
            } else {
                into.put(key, value);
            }
        });
    }

    @Test
    void byDefaultWatchesAllNamespacesWithExactlyTheRulesTheOperatorUses() {
        List<GenericKubernetesResource> objects = Chart.renderDefaults();

        GenericKubernetesResource workload = Chart.find(objects, "ClusterRole", "sessioncache-operator").orElseThrow();
        assertThat(Manifests.rules(workload)).containsExactlyElementsOf(OperatorApiUsage.NAMESPACED);
        assertThat(Manifests.rules(Chart.find(objects, "ClusterRole", "sessioncache-operator-cluster").orElseThrow()))
                .containsExactlyElementsOf(OperatorApiUsage.CLUSTER);
        assertThat(Manifests.rules(Chart.find(objects, "Role", "sessioncache-operator-leader-election").orElseThrow()))
                .containsExactlyElementsOf(OperatorApiUsage.LEADER_ELECTION);
        assertThat(Chart.ofKind(objects, "ClusterRoleBinding")).extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("sessioncache-operator", "sessioncache-operator-cluster");
        assertThat(Chart.ofKind(objects, "Role")).extracting(o -> o.getMetadata().getName())
                .containsExactly("sessioncache-operator-leader-election");
        assertThat(Manifests.env(Chart.find(objects, "Deployment", "sessioncache-operator").orElseThrow(), "WATCH_NAMESPACES"))
                .isEqualTo("JOSDK_ALL_NAMESPACES");
    }

    @Test
    void aNamespaceListGetsARoleInEachNamespaceAndNoClusterWideAccessToWorkloads() {
        List<GenericKubernetesResource> objects = Chart.render("ops", "operators", NON_DEFAULT);

        List<GenericKubernetesResource> roles = Chart.ofKind(objects, "Role").stream()
                .filter(r -> r.getMetadata().getName().equals("sc-op")).toList();
        assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactly("shop", "payments");
        assertThat(roles).allSatisfy(r -> assertThat(Manifests.rules(r)).containsExactlyElementsOf(OperatorApiUsage.NAMESPACED));
        assertThat(Chart.ofKind(objects, "RoleBinding")).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("shop", "payments", "operators");
        assertThat(Chart.ofKind(objects, "ClusterRole")).extracting(r -> r.getMetadata().getName())
                .containsExactly("sc-op-cluster");
        GenericKubernetesResource deployment = Chart.find(objects, "Deployment", "sc-op").orElseThrow();
        assertThat(Manifests.env(deployment, "WATCH_NAMESPACES")).isEqualTo("shop,payments");
        assertThat(Manifests.container(deployment).get("image")).isEqualTo("registry.local/sessioncache-operator:9.9.9");
        assertThat(Manifests.podSpec(deployment).get("serviceAccountName")).isEqualTo("sessions-operator");
        assertThat(Chart.find(objects, "ServiceMonitor", "sc-op")).isPresent();
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", "ops"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void deploymentMeetsTheRestrictedPodSecurityStandardAndHasProbesAndRequests() {
        GenericKubernetesResource deployment = Chart.find(Chart.renderDefaults(), "Deployment", "sessioncache-operator")
                .orElseThrow();

        Map<String, Object> pod = Manifests.podSpec(deployment);
        Map<String, Object> container = Manifests.container(deployment);
        assertThat(Manifests.map(pod, "securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat(Manifests.map(container, "securityContext"))
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
        assertThat(pod).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
        assertThat(Manifests.map(container, "livenessProbe", "httpGet")).containsEntry("path", "/q/health/live");
        assertThat(Manifests.map(container, "readinessProbe", "httpGet")).containsEntry("path", "/q/health/ready");
        assertThat(Manifests.map(container, "startupProbe", "httpGet")).containsEntry("path", "/q/health/live");
        assertThat(Manifests.map(container, "resources", "requests")).containsKeys("cpu", "memory");
        assertThat(Manifests.map(container, "resources", "limits")).containsKey("memory");
        assertThat(Manifests.env(deployment, "LEADER_ELECTION_ENABLED")).isEqualTo("true");
    }

    @Test
    void clusterAndSandboxRunTheOperatorWithTheSameJvmOptionsInsteadOfTheImageDefaults() {
        GenericKubernetesResource deployment = Chart.find(Chart.renderDefaults(), "Deployment", "sessioncache-operator")
                .orElseThrow();

        // JAVA_OPTS, unlike JAVA_OPTS_APPEND, makes the image's run-java.sh drop its own GC and heap defaults.
        String javaOpts = Manifests.env(deployment, "JAVA_OPTS");
        assertThat(javaOpts).isNotNull();
        assertThat(Manifests.env(deployment, "JAVA_OPTS_APPEND")).isNull();
        assertThat(OperatorJvmOptions.split(javaOpts))
                .isEqualTo(OperatorJvmOptions.fromChart(Repository.root()))
                .contains("-XX:+UseSerialGC")
                .anyMatch(o -> o.startsWith("-Xmx"));
    }

    @Test
    void theOperatorPodLabelsTheMembersNetworkPolicyLetsInAreThoseOfTheChartsPods() {
        GenericKubernetesResource deployment = Chart.find(
                Chart.render("sessions", "ops", "nameOverride: cache-op\npodLabels: {team: platform}\n"),
                "Deployment", "sessions-cache-op").orElseThrow();

        Map<String, Object> podLabels = Manifests.map(deployment.getAdditionalProperties(), "spec", "template", "metadata",
                "labels");
        String letIn = Manifests.env(deployment, "NETWORK_POLICY_OPERATOR_POD_LABELS");
        assertThat(letIn).isEqualTo("app.kubernetes.io/name=cache-op,app.kubernetes.io/instance=sessions");
        for (String pair : letIn.split(",")) {
            String[] keyValue = pair.split("=", 2);
            assertThat(podLabels).containsEntry(keyValue[0], keyValue[1]);
        }
    }

    @Test
    void moreThanOneReplicaWithoutLeaderElectionIsRefused() {
        assertThatThrownBy(() -> Chart.template("x", "ops", "replicaCount: 2\nleaderElection: {enabled: false}\n"))
                .hasMessageContaining("needs leaderElection.enabled=true");
    }

    @Test
    void valuesOutsideTheSchemaAreRefused() {
        assertThatThrownBy(() -> Chart.template("x", "ops", "replicaCont: 2\n"))
                .hasMessageContaining("replicaCont");
        assertThatThrownBy(() -> Chart.template("x", "ops", "watchNamespaces: [Not_A_Namespace]\n"))
                .hasMessageContaining("watchNamespaces");
    }

    @Test
    @SuppressWarnings("unchecked")
    void memberPodMonitorScrapesTheMembersOfTheWatchedNamespacesOnlyWhenAskedFor() {
        assertThat(Chart.ofKind(Chart.renderDefaults(), "PodMonitor")).isEmpty();

        GenericKubernetesResource monitor = Chart.find(Chart.render("ops", "operators", NON_DEFAULT), "PodMonitor",
                "sc-op-members").orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        assertThat((Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "hazelcast",
                        "app.kubernetes.io/managed-by", "sessioncache-operator"));
        assertThat((Map<String, Object>) spec.get("namespaceSelector")).containsEntry("matchNames", List.of("shop", "payments"));
        assertThat((List<Map<String, Object>>) spec.get("podMetricsEndpoints")).singleElement()
                .satisfies(endpoint -> assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/metrics"));

        GenericKubernetesResource everywhere = Chart.find(Chart.render("x", "ops", "metrics: {memberPodMonitor: {enabled: true}}\n"),
                "PodMonitor", "x-sessioncache-operator-members").orElseThrow();
        assertThat((Map<String, Object>) ((Map<String, Object>) everywhere.getAdditionalProperties().get("spec"))
                .get("namespaceSelector")).containsEntry("any", true);
    }

    @Test
    void serviceMonitorOnlyWhenAskedFor() {
        assertThat(Chart.ofKind(Chart.renderDefaults(), "ServiceMonitor")).isEmpty();
        assertThat(Chart.ofKind(Chart.renderDefaults(), "Service")).extracting(s -> s.getMetadata().getName())
                .containsExactly("sessioncache-operator-metrics");
    }

    @Test
    void imageDigestPinsTheImage() {
        String digest = "sha256:" + "a".repeat(64);
        GenericKubernetesResource deployment = Chart.find(Chart.render("x", "ops", "image: {digest: \"" + digest + "\"}\n"),
                "Deployment", "x-sessioncache-operator").orElseThrow();

        assertThat(Manifests.container(deployment).get("image")).isEqualTo("sessioncache/sessioncache-operator@" + digest);
    }

    @Test
    void everyValueIsDocumentedByACommentAbove() {
        List<String> lines = Repository.read(Repository.chart().resolve("values.yaml")).lines().toList();
        Pattern key = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9]*):.*$");
        for (int i = 0; i < lines.size(); i++) {
            var match = key.matcher(lines.get(i));
            if (match.matches() && !lines.get(i).trim().endsWith(":")) {
                assertThat(lines.get(i - 1).trim()).as("values.yaml line %d (%s) has no comment above it", i + 1, lines.get(i))
                        .startsWith("#");
            }
        }
    }
}
