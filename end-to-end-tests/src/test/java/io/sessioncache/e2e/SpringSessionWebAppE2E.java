package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spring Boot example on Spring Session, two replicas behind a round-robin "load balancer" without stickiness,
 * against a SessionCluster with {@code framework: SpringSession}: every cart exact, at rest and while the cluster rolls
 * and scales 3 -> 5 -> 3.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class SpringSessionWebAppE2E {

    private static final String NAME = "shop";
    private static final String MAP = "spring:session:sessions";
    private static final int ITEMS = 100;
    private static final int SHOPPERS_DURING_CHANGES = 4;
    private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(6);
    private static final ObjectMapper JSON = SpringShop.JSON;

    @Test
    void cartsStayExactAcrossNonStickyReplicasAtRestAndWhileTheClusterRollsAndScales(KubernetesClient client, E2ENamespace namespace)
            throws Exception {
        RunningClusters.create(client, namespace.name(), NAME, 3, spec -> {
            spec.getSessions().setMapName(MAP);
            spec.getSessions().setFramework(SessionFramework.SpringSession);
            // The near cache stays off, as by default; -De2e.nearCache=true turns it on to see what a web app loses with it.
            spec.getNearCache().setEnabled(Boolean.getBoolean("e2e.nearCache"));
        });
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), NAME, 3);
        Path work = Path.of("target", "e2e", namespace.name()).toAbsolutePath();
        Path clientConfig = SpringShop.publishedClientConfig(client, ready, work);

        List<WebAppReplica> replicas = SpringShop.startReplicas(clientConfig, MAP, work);
        try {
            Instant atRest = Instant.now();
            Browser alice = new Browser(replicas);
            String aliceSession = SpringShop.login(alice, "alice");
            for (int i = 1; i <= ITEMS; i++) {
                HttpResponse<String> added = alice.post("/cart?item=item-" + i);
                assertThat(added.statusCode()).as("add %d", i).isEqualTo(200);
                assertThat(JSON.readTree(added.body()).get("items").asInt()).as("items after add %d", i).isEqualTo(i);
            }
            assertThat(SpringShop.items(alice)).containsExactlyElementsOf(IntStream.rangeClosed(1, ITEMS).mapToObj(i -> "item-" + i).toList());
            assertThat(SpringShop.sessionsOf(alice)).as("find by principal").containsExactly(Map.entry(aliceSession, ITEMS));
            System.out.printf("Spring Session at rest: %d adds alternating 2 replicas in %d ms%n", ITEMS,
                    Duration.between(atRest, Instant.now()).toMillis());

            shopWhileTheClusterRollsAndScales(client, namespace, replicas);

            assertThat(SpringShop.items(alice)).as("alice's cart after the roll and scaling").hasSize(ITEMS);
        } finally {
            replicas.forEach(WebAppReplica::close);
        }
    }

    private void shopWhileTheClusterRollsAndScales(KubernetesClient client, E2ENamespace namespace, List<WebAppReplica> replicas)
            throws Exception {
        SpringShop.Shoppers shoppers = SpringShop.Shoppers.start(replicas, SHOPPERS_DURING_CHANGES);
        Instant start = Instant.now();
        try {
            Map<String, String> before = podUids(client, namespace);
            patchSpec(client, namespace, "{\"sessions\": {\"maxIdleSeconds\": 1860}}");
            await("every member replaced and the cluster Ready").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        Map<String, String> now = podUids(client, namespace);
                        return now.size() == 3 && now.values().stream().noneMatch(before::containsValue)
                                && RunningClusters.isReady(RunningClusters.get(client, namespace.name(), NAME), 3);
                    });
            Instant rolled = Instant.now();
            patchSpec(client, namespace, "{\"replicas\": 5}");
            RunningClusters.awaitReady(client, namespace.name(), NAME, 5);
            Instant five = Instant.now();
            patchSpec(client, namespace, "{\"replicas\": 3}");
            RunningClusters.awaitReady(client, namespace.name(), NAME, 3);
            await("the two extra members' pods are gone").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> RunningClusters.members(client, namespace.name(), NAME).size() == 3);
            System.out.printf("Spring Session during changes: roll %d s, scale to 5 %d s, back to 3 %d s%n",
                    Duration.between(start, rolled).toSeconds(), Duration.between(rolled, five).toSeconds(),
                    Duration.between(five, Instant.now()).toSeconds());
        } finally {
            shoppers.stop();
        }
        shoppers.assertEveryCartExact();
    }

    private static void patchSpec(KubernetesClient client, E2ENamespace namespace, String specJson) {
        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(NAME)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
    }

    private static Map<String, String> podUids(KubernetesClient client, E2ENamespace namespace) {
        return RunningClusters.members(client, namespace.name(), NAME).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), (Pod p) -> p.getMetadata().getUid()));
    }
}
