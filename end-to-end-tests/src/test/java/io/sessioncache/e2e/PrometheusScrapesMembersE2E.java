package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.properties.ClientProperty;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.DashboardPicture;
import io.sessioncache.controlplane.DashboardQueries;
import io.sessioncache.controlplane.PrometheusTools;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.e2e.load.SteadyOperations;
import io.sessioncache.e2e.metrics.MemberMetricNames;
import io.sessioncache.e2e.metrics.MembersDashboardShows;
import io.sessioncache.e2e.metrics.PrometheusServer;
import io.sessioncache.operator.api.v1alpha1.MapEvictionSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.sandbox.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Prometheus server monitors real members and the real operator the way a user without the Prometheus Operator
 * sets it up: the members found by the standard annotation-based pod job ({@code kubernetes_sd_configs}, role pod,
 * against the real API server; pods kept by {@code prometheus.io/scrape}, port and path from the other two
 * annotations), the operator scraped as the chart's ServiceMonitor job, and the chart's alert rules loaded. Every
 * member target is up and the owned sessions summed over members are what a client wrote; a SIGKILLed member fires
 * SessionClusterMemberMissing for its cluster, and the alert clears once the member is back. A second, one-member
 * cluster keeps one session per partition, so the sessions written to it beyond that are evicted: its eviction count
 * rises on the scrape and SessionCacheSessionsEvicted fires for its member. At the end a client gets, writes and
 * removes sessions steadily for a while, every query of the chart's members dashboard finds what the test did (the
 * rates and mean latencies at instants inside that load), and its panels are drawn (docs/images/members-dashboard.svg). The server is
 * Prometheus built from its Go module (control-plane/build-prometheus.sh): Debian's package has no Kubernetes discovery.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class PrometheusScrapesMembersE2E {

    private static final String NAME = "scraped";
    private static final int MEMBERS = 3;
    private static final int SESSIONS = 1_000;
    /** Sessions written besides {@link #SESSIONS} and removed again, so the dashboard has removes to show. */
    private static final int REMOVED = 200;
    /** A one-member cluster whose session map keeps at most one session per partition (271 partitions). */
    private static final String EVICTING = "evicting";
    private static final int EVICTING_WRITES = 1_000;
    private static final String EVICTED_ALERT = "SessionCacheSessionsEvicted";
    private static final Path MEMBERS_DASHBOARD = Path.of("helm", "sessioncache-operator", "dashboards", "sessioncache-members.json");
    /** Grafana's $__rate_interval for a 2 s scrape would be 8 s; Hazelcast refreshes its metrics every 5 s. */
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    /**
     * How long the steady gets, writes and removes run before the dashboard is checked: twice the rate window, so
     * about ten instants have their whole window inside it.
     */
    private static final Duration STEADY_LOAD = RATE_WINDOW.multipliedBy(2);
    /** Bounds each operation of the steady load (the published client configuration waits 120 s). */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(10);
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
    /** The partitions' migration back to the returned member, Hazelcast's 5 s metrics collection and a scrape. */
    private static final Duration DASHBOARD_SETTLES_WITHIN = Duration.ofSeconds(60);

    private PrometheusServer prometheus;
    private HazelcastInstance evictingClient;
    private Runnable thaw = () -> { };

    @AfterEach
    void stopPrometheusAndClientsAndThaw() {
        thaw.run();
        if (evictingClient != null) {
            evictingClient.shutdown();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusScrapesRealMembersFiresTheirAlertsAndAnswersEveryQueryOfTheMembersDashboard(
            KubernetesClient client, E2ENamespace namespace, LocalStack stack) throws IOException {
        String ns = namespace.name();
        Path binary = PrometheusServer.withKubernetesDiscovery(RepositoryRoot.find());
        RunningClusters.create(client, ns, NAME, MEMBERS, spec -> spec.getSessions().setBackupCount(1));
        RunningClusters.create(client, ns, EVICTING, 1, PrometheusScrapesMembersE2E::onePerPartition);
        SessionCluster ready = RunningClusters.awaitReady(client, ns, NAME, MEMBERS);
        SessionCluster evicting = RunningClusters.awaitReady(client, ns, EVICTING, 1);
        String mapName = ready.getSpec().getSessions().getMapName();
        List<String> pods = RunningClusters.members(client, ns, NAME).stream().map(pod -> pod.getMetadata().getName()).toList();
        String evictingPod = EVICTING + "-0";
        String evictions = "%s{job=\"%s\",namespace=\"%s\",pod=\"%s\",prefix=\"%s\"}".formatted(
                MemberMetricNames.MAP_EVICTIONS.name(), MEMBER_JOB, ns, evictingPod, MemberMetricNames.MAP_EVICTIONS.prefix());
        IMap<String, String> overfilled = createMapToOverfill(client, evicting);
        prometheus = PrometheusServer.start(binary, Path.of("target", "prometheus", ns).toAbsolutePath(), configuration(stack, ns));
        double startedAt = System.currentTimeMillis() / 1000.0;
        // A counter's first sample is its base: the evictions must come after it for increase(), and so the alert, to see them.
        await("Prometheus scrapes every member, and " + evictingPod + "'s eviction count at 0").atMost(SEEN_WITHIN)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
                    assertMembersUp(ns, concat(pods, evictingPod));
                    assertThat(prometheus.query(evictions)).as(evictions).singleElement()
                            .satisfies(count -> assertThat(PrometheusServer.value(count)).isZero());
                });

        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, MEMBERS);
            IMap<String, String> sessions = RunningClusters.writeSessions(hazelcast, mapName, SESSIONS);
            readAndRemoveSome(sessions);
        } finally {
            hazelcast.shutdown();
        }
        int evicted = EVICTING_WRITES - overfill(overfilled);

        String owned = "sum(%s{job=\"%s\",namespace=\"%s\",pod=~\"%s-[0-9]+\",prefix=\"%s\",%s=\"\\\"name=%s\\\"\"})".formatted(
                MemberMetricNames.MAP_OWNED_ENTRIES.name(), MEMBER_JOB, ns, NAME, MemberMetricNames.MAP_OWNED_ENTRIES.prefix(),
                MemberMetricNames.MAP_TAG, mapName);
        await("Prometheus scrapes every member and the operator, the members own " + SESSIONS + " sessions and "
                + evictingPod + " evicted " + evicted)
                .atMost(SEEN_WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
                    assertMembersUp(ns, concat(pods, evictingPod));
                    assertThat(prometheus.query("up{job=\"" + PrometheusTools.OPERATOR_JOB + "\"} == 1")).as("operator target up").hasSize(1);
                    assertThat(prometheus.query(owned)).as(owned).singleElement()
                            .satisfies(sum -> assertThat(PrometheusServer.value(sum)).isEqualTo(SESSIONS));
                    assertThat(prometheus.query(clusterSelector("sessioncache_cluster_members_ready", ns)))
                            .as("members Ready, as the operator reports").singleElement()
                            .satisfies(gauge -> assertThat(PrometheusServer.value(gauge)).isEqualTo(MEMBERS));
                    assertThat(prometheus.query(evictions)).as(evictions).singleElement()
                            .satisfies(count -> assertThat(PrometheusServer.value(count)).isEqualTo(evicted));
                    assertThat(activeAlerts(EVICTED_ALERT, ns, "pod", evictingPod)).as(EVICTED_ALERT + " for " + evictingPod)
                            .singleElement().satisfies(alert -> assertThat(alert.path("state").asText()).isEqualTo("firing"));
                });
        assertThat(alert(ns)).as(ALERT + " while every member runs").isEmpty();
        assertThat(activeAlerts(EVICTED_ALERT, ns, "pod", pods.get(0))).as(EVICTED_ALERT + " for a member that evicted nothing").isEmpty();

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

        SteadyOperations.Ran load = runSteadyLoad(client, ready);
        drawMembersDashboard(ns, startedAt, pods, evictingPod,
                new MembersDashboardShows.Load(load.from() - startedAt, load.to() - startedAt, RATE_WINDOW.toSeconds()));
    }

    /**
     * The rates and mean latencies are checked at instants whose rate window lies inside this load, not just anywhere:
     * the client's writes and reads above take about a second and may all fall between two of Hazelcast's 5 s metrics
     * collections, or before Prometheus's first sample of a counter, and then no rate window shows them (a mean latency
     * of 0/0). A load that goes on for two windows puts operations into every window inside it, so the check no longer
     * depends on when the load ran or when the queries run, while a wrong query still has no number there.
     */
    private static SteadyOperations.Ran runSteadyLoad(KubernetesClient client, SessionCluster cluster) {
        ClientConfig config = RunningClusters.publishedClientConfig(client, cluster);
        config.setProperty(ClientProperty.INVOCATION_TIMEOUT_SECONDS.getName(), String.valueOf(INVOCATION_TIMEOUT.toSeconds()));
        HazelcastInstance hazelcast = RunningClusters.connect(config);
        try {
            SteadyOperations.Ran ran = SteadyOperations.run(hazelcast.getMap(cluster.getSpec().getSessions().getMapName()), SESSIONS,
                    STEADY_LOAD);
            assertThat(ran.to() - ran.from()).as("the steady load stays bounded in time")
                    .isLessThan(STEADY_LOAD.plus(INVOCATION_TIMEOUT).toSeconds());
            System.out.printf("steady load: %d rounds of a get, two sets and a remove in %.1f s%n", ran.rounds(), ran.to() - ran.from());
            return ran;
        } finally {
            hazelcast.shutdown();
        }
    }

    /**
     * Runs every query of the chart's members dashboard over the whole test, with both clusters' members selected (the
     * dashboard's "All"), until each shows what the test did: every query answers up to the present; the sessions
     * panel's last values over {@link #NAME}'s members add up to the sessions left; the steady load's gets, writes and
     * removes each show as a rate and a mean latency at instants inside it; heap is a share of the maximum; the member
     * that came back caused migrations; and {@link #EVICTING}'s member evicted. Then draws the panels (target/dashboard/members-dashboard.svg;
     * with -Dsessioncache.dashboard.pictures=docs/images also there, relative to the repository root).
     */
    private void drawMembersDashboard(String ns, double startedAt, List<String> pods, String evictingPod,
            MembersDashboardShows.Load load) throws IOException {
        Path dashboard = RepositoryRoot.find().resolve(MEMBERS_DASHBOARD);
        Map<String, String> variables = Map.of("namespace", ns, "pod", "(" + String.join("|", concat(pods, evictingPod)) + ")",
                "__rate_interval", RATE_WINDOW.toSeconds() + "s");
        DashboardQueries queries = new DashboardQueries(prometheus.uri());
        AtomicReference<List<DashboardQueries.AnsweredPanel>> answered = new AtomicReference<>();
        AtomicReference<Double> seconds = new AtomicReference<>();
        await("every query of the members dashboard shows what the test did").atMost(DASHBOARD_SETTLES_WITHIN)
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
                    double end = System.currentTimeMillis() / 1000.0;
                    List<DashboardQueries.AnsweredPanel> panels = queries.run(dashboard, variables, startedAt, end);
                    MembersDashboardShows.whatTheTestDid(panels, end - startedAt, pods, evictingPod, SESSIONS, load);
                    answered.set(panels);
                    seconds.set(end - startedAt);
                });
        String svg = DashboardPicture.svg(DashboardQueries.title(dashboard),
                "Real members scraped by a real Prometheus: %,d sessions in 3 members, %s-1 SIGKILLed and back, then %d s of steady load; a 1-member cluster evicting"
                        .formatted(SESSIONS, NAME, STEADY_LOAD.toSeconds()),
                answered.get().stream().map(panel -> panel.picture(legend -> legend)).toList(), seconds.get());
        System.out.print(MembersDashboardShows.duringLoad(answered.get(), pods, load));
        DashboardPicture.save(svg, "members-dashboard");
    }

    private void assertMembersUp(String ns, List<String> pods) throws IOException {
        List<JsonNode> up = prometheus.query("up{job=\"" + MEMBER_JOB + "\",namespace=\"" + ns + "\"}");
        assertThat(up).as("member targets").extracting(target -> target.path("metric").path("pod").asText())
                .containsExactlyInAnyOrderElementsOf(pods);
        assertThat(up).as("member targets up").allSatisfy(target -> assertThat(PrometheusServer.value(target)).isEqualTo(1));
    }

    /** Reads every session once and writes {@link #REMOVED} more that it removes again. */
    private static void readAndRemoveSome(IMap<String, String> sessions) {
        for (int i = 0; i < SESSIONS; i++) {
            assertThat(sessions.get("session-" + i)).isEqualTo("user-" + i);
        }
        for (int i = 0; i < REMOVED; i++) {
            sessions.set("gone-" + i, "user-" + i);
        }
        for (int i = 0; i < REMOVED; i++) {
            assertThat(sessions.remove("gone-" + i)).isEqualTo("user-" + i);
        }
        assertThat(sessions.size()).as("sessions left").isEqualTo(SESSIONS);
    }

    /**
     * Connects to the one-per-partition cluster and writes its first session: Hazelcast exports a map's metrics once
     * the map exists, so its eviction count can be scraped at 0 before {@link #overfill} makes it evict.
     */
    private IMap<String, String> createMapToOverfill(KubernetesClient client, SessionCluster evicting) {
        evictingClient = RunningClusters.connect(RunningClusters.publishedClientConfig(client, evicting));
        IMap<String, String> sessions = evictingClient.getMap(evicting.getSpec().getSessions().getMapName());
        sessions.set("session-0", "user-0");
        return sessions;
    }

    /** Writes up to {@link #EVICTING_WRITES} sessions to the one-per-partition map and returns how many it kept. */
    private int overfill(IMap<String, String> sessions) {
        for (int i = 1; i < EVICTING_WRITES; i++) {
            sessions.set("session-" + i, "user-" + i);
        }
        int kept = sessions.size();
        assertThat(kept).as("sessions kept, at most one per partition").isPositive()
                .isLessThanOrEqualTo(evictingClient.getPartitionService().getPartitions().size());
        evictingClient.shutdown();
        return kept;
    }

    /** One member, no backups, and a session map that evicts beyond one session per partition. */
    private static void onePerPartition(SessionClusterSpec spec) {
        spec.getSessions().setBackupCount(0);
        spec.getSessions().getEviction().setMaxSizePolicy(MapEvictionSpec.MaxSizePolicy.PER_PARTITION);
        spec.getSessions().getEviction().setSize(1);
    }

    private static List<String> concat(List<String> pods, String pod) {
        return Stream.concat(pods.stream(), Stream.of(pod)).toList();
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
        List<JsonNode> mine = activeAlerts(ALERT, ns, "name", NAME);
        assertThat(mine).as(ALERT + " alerts for " + NAME).hasSizeLessThanOrEqualTo(1);
        return mine.stream().findFirst();
    }

    /** The active alerts of this name in the namespace whose {@code label} is {@code value}. */
    private List<JsonNode> activeAlerts(String name, String ns, String label, String value) throws IOException {
        return prometheus.alerts().stream()
                .filter(a -> name.equals(a.path("labels").path("alertname").asText())
                        && ns.equals(a.path("labels").path("namespace").asText())
                        && value.equals(a.path("labels").path(label).asText()))
                .toList();
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
