package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.e2e.metrics.MemberMetricNames;
import io.sessioncache.e2e.metrics.MemberMetricNames.HazelcastMetric;
import io.sessioncache.e2e.metrics.MemberScrape;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Members serve their metrics the way the hazelcast/hazelcast image does (PROMETHEUS_PORT, its JMX exporter), found
 * through the pods' named port as a PodMonitor finds them, and what they report is what a real client wrote.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class MemberMetricsE2E {

    private static final int MEMBERS = 3;
    private static final int SESSIONS = 1_000;
    /** Hazelcast collects its metrics every 5 s; the exporter reads them at each scrape. */
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(60);

    @Test
    void theMembersOwnedSessionsAddUpToWhatTheClientWrote(KubernetesClient client, E2ENamespace namespace) throws IOException {
        RunningClusters.create(client, namespace.name(), "metered", MEMBERS, spec -> { });
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), "metered", MEMBERS);
        String mapName = ready.getSpec().getSessions().getMapName();
        List<Pod> pods = RunningClusters.members(client, namespace.name(), "metered");
        assertThat(pods).hasSize(MEMBERS).allSatisfy(pod -> assertThat(pod.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8080"));

        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, MEMBERS);
            RunningClusters.writeSessions(hazelcast, mapName, SESSIONS);

            List<MemberScrape> scrapes = new ArrayList<>();
            await("the members' exported session counts add up to " + SESSIONS)
                    .atMost(METRICS_REFRESH).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        List<MemberScrape> now = scrapeAll(pods);
                        assertThat(sum(now, MemberMetricNames.MAP_OWNED_ENTRIES, mapName)).as("owned sessions").isEqualTo(SESSIONS);
                        assertThat(sum(now, MemberMetricNames.MAP_BACKUP_ENTRIES, mapName)).as("backups (backupCount 1)").isEqualTo(SESSIONS);
                        scrapes.clear();
                        scrapes.addAll(now);
                    });

            assertThat(scrapes).allSatisfy(scrape -> {
                MemberMetricNames.HAZELCAST_METRICS.forEach(metric ->
                        assertThat(scrape.has(metric)).as(scrape.pod() + " exports " + metric.selector()).isTrue());
                MemberMetricNames.JVM_METRICS.forEach((name, labels) ->
                        assertThat(scrape.has(name, labels)).as(scrape.pod() + " exports " + name + labels).isTrue());
            });
            // The names the chart's member alerts and members dashboard may use (the build checks they use no other).
            List<String> chartNames = Files.readAllLines(RepositoryRoot.find().resolve("monitoring/member-metrics.txt")).stream()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertThat(chartNames).isNotEmpty();
            assertThat(scrapes).allSatisfy(scrape -> assertThat(scrape.names()).containsAll(chartNames));
            assertThat(scrapes).allSatisfy(scrape -> assertThat(scrape.samples()).anySatisfy(sample -> {
                assertThat(sample.name()).isEqualTo(MemberMetricNames.CLUSTER_SIZE.name());
                assertThat(sample.value()).isEqualTo(MEMBERS);
            }));
            keepForTheRecord(scrapes.get(0));
        } finally {
            hazelcast.shutdown();
        }
    }

    /** Every member's scrape; one that cannot be read yet fails this poll with the reason, which a timeout reports. */
    private static List<MemberScrape> scrapeAll(List<Pod> pods) throws InterruptedException {
        List<MemberScrape> scrapes = new ArrayList<>();
        for (Pod pod : pods) {
            try {
                scrapes.add(MemberScrape.of(pod));
            } catch (IOException e) {
                throw new AssertionError("cannot scrape " + MemberScrape.endpoint(pod) + ": " + e, e);
            }
        }
        return scrapes;
    }

    private static long sum(List<MemberScrape> scrapes, HazelcastMetric metric, String mapName) {
        return Math.round(scrapes.stream().mapToDouble(scrape -> scrape.mapValue(metric, mapName).orElse(0.0)).sum());
    }

    /** One member's whole scrape, for whoever builds dashboards and alerts on these names. */
    private static void keepForTheRecord(MemberScrape scrape) throws IOException {
        Path dir = Path.of("target", "member-metrics");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(scrape.pod() + ".txt"), scrape.text());
        Files.write(dir.resolve("names.txt"), scrape.names());
    }
}
