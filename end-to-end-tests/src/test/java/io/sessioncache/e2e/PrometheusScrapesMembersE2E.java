package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.PrometheusTools;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.e2e.metrics.MemberMetricNames;
import io.sessioncache.e2e.metrics.PrometheusServer;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.sandbox.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Prometheus server monitors real members and the real operator the way a user without the Prometheus Operator
 * sets it up: the members found by the standard annotation-based pod job ({@code kubernetes_sd_configs}, role pod,
 * against the real API server; pods kept by {@code prometheus.io/scrape}, port and path from the other two
 * annotations), the operator scraped as the chart's ServiceMonitor job, and the chart's alert rules loaded. Every
 * member target is up and the owned sessions summed over members are what a client wrote; a SIGKILLed member fires
 * SessionClusterMemberMissing for its cluster, and the alert clears once the member is back. The server is Prometheus
 * built from its Go module (control-plane/build-prometheus.sh): Debian's package has no Kubernetes discovery.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class PrometheusScrapesMembersE2E {

    private static final String NAME = "scraped";
    private static final int MEMBERS = 3;
    private static final int SESSIONS = 1_000;
    private static final String MEMBER_JOB = "kubernetes-pods";
    private static final String ALERT = "SessionClusterMemberMissing";
    /** The chart's metrics.prometheusRule.memberMissingFor (default 5m), shortened so the test does not sit out 5 minutes. */
    private static final String MEMBER_MISSING_FOR = "20s";
    /** Scrapes, Hazelcast's 5 s metrics collection and the operator's reconcile after a StatefulSet status change. */
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(60);
    /** The shortened for: window plus scrapes, a reconcile and rule evaluations. */
    private static final Duration FIRES_WITHIN = Duration.ofSeconds(60);
    /** The runtime restarts a killed container after 1 s; seconds later the JVM exists to be frozen. */
    private static final Duration RESTARTED_WITHIN = Duration.ofSeconds(30);
    /** A thawed member finishes starting, joins and passes its readiness probe (5 s period). */
    private static final Duration CLEARS_WITHIN = Duration.ofSeconds(90);

    private PrometheusServer prometheus;
    private Runnable thaw = () -> { };

    @AfterEach
    void stopPrometheusAndThaw() {
        thaw.run();
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusScrapesMembersFoundByTheirAnnotationsAndFiresMemberMissingAfterASigkill(
            KubernetesClient client, E2ENamespace namespace, LocalStack stack) throws IOException {
        String ns = namespace.name();
        Path binary = PrometheusServer.withKubernetesDiscovery(RepositoryRoot.find());
        RunningClusters.create(client, ns, NAME, MEMBERS, spec -> spec.getSessions().setBackupCount(1));
        SessionCluster ready = RunningClusters.awaitReady(client, ns, NAME, MEMBERS);
        String mapName = ready.getSpec().getSessions().getMapName();
        List<String> pods = RunningClusters.members(client, ns, NAME).stream().map(pod -> pod.getMetadata().getName()).toList();
        prometheus = PrometheusServer.start(binary, Path.of("target", "prometheus", ns).toAbsolutePath(), configuration(stack, ns));

        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, MEMBERS);
            RunningClusters.writeSessions(hazelcast, mapName, SESSIONS);
        } finally {
            hazelcast.shutdown();
        }

        String owned = "sum(%s{job=\"%s\",namespace=\"%s\",prefix=\"%s\",%s=\"\\\"name=%s\\\"\"})".formatted(
                MemberMetricNames.MAP_OWNED_ENTRIES.name(), MEMBER_JOB, ns, MemberMetricNames.MAP_OWNED_ENTRIES.prefix(),
                MemberMetricNames.MAP_TAG, mapName);
        await("Prometheus scrapes every member and the operator, and the members own " + SESSIONS + " sessions")
                .atMost(SEEN_WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
                    List<JsonNode> up = prometheus.query("up{job=\"" + MEMBER_JOB + "\",namespace=\"" + ns + "\"}");
                    assertThat(up).as("member targets").extracting(target -> target.path("metric").path("pod").asText())
                            .containsExactlyInAnyOrderElementsOf(pods);
                    assertThat(up).as("member targets up").allSatisfy(target -> assertThat(PrometheusServer.value(target)).isEqualTo(1));
                    assertThat(prometheus.query("up{job=\"" + PrometheusTools.OPERATOR_JOB + "\"} == 1")).as("operator target up").hasSize(1);
                    assertThat(prometheus.query(owned)).as(owned).singleElement()
                            .satisfies(sum -> assertThat(PrometheusServer.value(sum)).isEqualTo(SESSIONS));
                    assertThat(prometheus.query(clusterSelector("sessioncache_cluster_members_ready", ns)))
                            .as("members Ready, as the operator reports").singleElement()
                            .satisfies(gauge -> assertThat(PrometheusServer.value(gauge)).isEqualTo(MEMBERS));
                });
        assertThat(alert(ns)).as(ALERT + " while every member runs").isEmpty();

        String victim = NAME + "-1";
        long killed = stack.runtime().containerPid(ns, victim).orElseThrow();
        ProcessHandle member = ProcessHandle.of(killed).orElseThrow();
        assertThat(member.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("java"));
        Instant killedAt = Instant.now();
        assertThat(member.destroyForcibly()).as("SIGKILL to the member JVM").isTrue();
        keepFromComingBack(stack, ns, victim, killed);

        await(ALERT + " firing for " + ns + "/" + NAME).atMost(FIRES_WITHIN).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> alert(ns).map(a -> "firing".equals(a.path("state").asText())).orElse(false));
        Instant firedAt = Instant.now();
        JsonNode firing = alert(ns).orElseThrow();
        assertThat(Double.parseDouble(firing.path("value").asText())).as("members Ready when it fired").isEqualTo(MEMBERS - 1);
        assertThat(prometheus.query("up{job=\"" + MEMBER_JOB + "\",pod=\"" + victim + "\"}")).as("the killed member's target")
                .singleElement().satisfies(target -> assertThat(PrometheusServer.value(target)).isZero());

        thaw.run();
        await(ALERT + " clears once " + victim + " is back").atMost(CLEARS_WITHIN).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> alert(ns).isEmpty());
        System.out.printf("%s (for: %s) firing %d s after the SIGKILL; cleared %d s after the thaw%n", ALERT,
                MEMBER_MISSING_FOR, Duration.between(killedAt, firedAt).toSeconds(), Duration.between(firedAt, Instant.now()).toSeconds());
    }

    /**
     * The runtime restarts a SIGKILLed member after 1 s and it is Ready about 8 s later, well within the alert's window:
     * its restarted JVM is frozen (SIGSTOP) as soon as it exists, before it can join, so the member stays missing until
     * {@link #thaw}. The liveness probe would restart it only after 2 minutes (60 s delay, 6 x 10 s).
     */
    private void keepFromComingBack(LocalStack stack, String ns, String victim, long killed) {
        await(victim + " restarted").atMost(RESTARTED_WITHIN).pollInterval(Duration.ofMillis(20))
                .until(() -> stack.runtime().containerPid(ns, victim).filter(pid -> pid != killed)
                        .flatMap(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().command()))
                        .filter(command -> command.endsWith("java")).isPresent());
        stack.runtime().freeze(ns, victim);
        thaw = () -> {
            thaw = () -> { };
            stack.runtime().thaw(ns, victim);
        };
    }

    /** The active (pending or firing) member-missing alert for this test's cluster, if any. */
    private Optional<JsonNode> alert(String ns) throws IOException {
        List<JsonNode> mine = prometheus.alerts().stream()
                .filter(a -> ALERT.equals(a.path("labels").path("alertname").asText())
                        && ns.equals(a.path("labels").path("namespace").asText())
                        && NAME.equals(a.path("labels").path("name").asText()))
                .toList();
        assertThat(mine).as(ALERT + " alerts for " + NAME).hasSizeLessThanOrEqualTo(1);
        return mine.stream().findFirst();
    }

    private static String clusterSelector(String metric, String ns) {
        return metric + "{namespace=\"" + ns + "\",name=\"" + NAME + "\"}";
    }

    /**
     * The members' job is the usual annotation-based pod job (discovery through the control plane's admin kubeconfig,
     * limited to this test's namespace); the operator's is what the chart's ServiceMonitor makes.
     */
    private static String configuration(LocalStack stack, String ns) throws IOException {
        return """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 1s
                rule_files:
                - %s
                scrape_configs:
                - job_name: %s
                  kubernetes_sd_configs:
                  - role: pod
                    kubeconfig_file: %s
                    namespaces:
                      names: [%s]
                  relabel_configs:
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                    action: keep
                    regex: "true"
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
                    target_label: __metrics_path__
                    regex: (.+)
                  - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                    target_label: __address__
                    regex: ([^:]+)(?::\\d+)?;(\\d+)
                    replacement: $1:$2
                  - action: labelmap
                    regex: __meta_kubernetes_pod_label_(.+)
                  - source_labels: [__meta_kubernetes_namespace]
                    target_label: namespace
                  - source_labels: [__meta_kubernetes_pod_name]
                    target_label: pod
                %s""".formatted(rulesWithShortMemberMissing(ns), MEMBER_JOB, stack.controlPlane().adminKubeconfig(), ns,
                PrometheusTools.operatorScrapeJob(stack.operator().httpPort()));
    }

    /**
     * monitoring/sessioncache-rules.yaml (the chart's rules with default values) with the member-missing rule's for:
     * set to {@link #MEMBER_MISSING_FOR}. The build renders that file through Helm's template engine as a library
     * (AlertRulesTest with helm-java), not the helm program, and this module does not render the chart: the one
     * rule's for: is replaced in a copy, which is what metrics.prometheusRule.memberMissingFor sets in the chart.
     */
    @SuppressWarnings("unchecked")
    private static Path rulesWithShortMemberMissing(String ns) throws IOException {
        Path rules = RepositoryRoot.find().resolve("monitoring").resolve("sessioncache-rules.yaml");
        Map<String, Object> file = Serialization.unmarshal(Files.readString(rules), Map.class);
        List<Map<String, Object>> memberMissing = ((List<Map<String, Object>>) file.get("groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .filter(rule -> ALERT.equals(rule.get("alert"))).toList();
        assertThat(memberMissing).as(ALERT + " in " + rules).hasSize(1);
        memberMissing.get(0).put("for", MEMBER_MISSING_FOR);
        Path dir = Files.createDirectories(Path.of("target", "prometheus", ns).toAbsolutePath());
        return Files.writeString(dir.resolve("sessioncache-rules.yaml"), Serialization.asYaml(file));
    }
}
