package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.model.ClientConfigYaml;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Path clientConfig = publishedClientConfig(client, ready, work);

        List<WebAppReplica> replicas = startReplicas(clientConfig, work);
        try {
            Instant atRest = Instant.now();
            Browser alice = new Browser(replicas);
            String aliceSession = login(alice, "alice");
            for (int i = 1; i <= ITEMS; i++) {
                HttpResponse<String> added = alice.post("/cart?item=item-" + i);
                assertThat(added.statusCode()).as("add %d", i).isEqualTo(200);
                assertThat(JSON.readTree(added.body()).get("items").asInt()).as("items after add %d", i).isEqualTo(i);
            }
            assertThat(items(alice)).containsExactlyElementsOf(IntStream.rangeClosed(1, ITEMS).mapToObj(i -> "item-" + i).toList());
            assertThat(sessionsOf(alice)).as("find by principal").containsExactly(Map.entry(aliceSession, ITEMS));
            System.out.printf("Spring Session at rest: %d adds alternating 2 replicas in %d ms%n", ITEMS,
                    Duration.between(atRest, Instant.now()).toMillis());

            shopWhileTheClusterRollsAndScales(client, namespace, replicas);

            assertThat(items(alice)).as("alice's cart after the roll and scaling").hasSize(ITEMS);
        } finally {
            replicas.forEach(WebAppReplica::close);
        }
    }

    private void shopWhileTheClusterRollsAndScales(KubernetesClient client, E2ENamespace namespace, List<WebAppReplica> replicas)
            throws Exception {
        List<Shopper> shoppers = new ArrayList<>();
        for (int s = 0; s < SHOPPERS_DURING_CHANGES; s++) {
            Browser browser = new Browser(replicas);
            shoppers.add(new Shopper("shopper-" + s, browser, login(browser, "shopper-" + s)));
        }
        AtomicBoolean changing = new AtomicBoolean(true);
        List<CompletableFuture<Void>> running = shoppers.stream()
                .map(shopper -> CompletableFuture.runAsync(() -> shopper.shopWhile(changing))).toList();
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
            changing.set(false);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(2, java.util.concurrent.TimeUnit.MINUTES);
        }

        for (Shopper shopper : shoppers) {
            System.out.printf("%s: %d items acknowledged, slowest add %d ms, anomalies %s%n", shopper.name, shopper.added.size(),
                    shopper.slowest.toMillis(), shopper.anomalies);
            assertThat(shopper.anomalies).as(shopper.name + ": failed or inconsistent requests").isEmpty();
            assertThat(shopper.added).as(shopper.name + " kept shopping through the changes").isNotEmpty();
            assertThat(items(shopper.browser)).as(shopper.name + "'s cart: its cookie still valid, every item there")
                    .containsExactlyElementsOf(shopper.added);
            assertThat(sessionsOf(shopper.browser)).containsExactly(Map.entry(shopper.session, shopper.added.size()));
        }
    }

    /** One user adding items one request at a time, each acknowledged add checked against the cart's size. */
    private static final class Shopper {
        final String name;
        final Browser browser;
        final String session;
        final List<String> added = new ArrayList<>();
        final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
        Duration slowest = Duration.ZERO;

        Shopper(String name, Browser browser, String session) {
            this.name = name;
            this.browser = browser;
            this.session = session;
        }

        void shopWhile(AtomicBoolean changing) {
            int n = 0;
            while (changing.get() && anomalies.size() < 5) {
                String item = name + "-" + (++n);
                Instant sent = Instant.now();
                try {
                    HttpResponse<String> response = browser.post("/cart?item=" + item);
                    Duration took = Duration.between(sent, Instant.now());
                    slowest = took.compareTo(slowest) > 0 ? took : slowest;
                    int items = response.statusCode() == 200 ? JSON.readTree(response.body()).get("items").asInt() : -1;
                    if (items != added.size() + 1) {
                        anomalies.add(item + ": HTTP " + response.statusCode() + " " + response.body());
                    } else {
                        added.add(item);
                    }
                } catch (Exception e) {
                    anomalies.add(item + ": " + e);
                }
            }
        }
    }

    private static List<WebAppReplica> startReplicas(Path clientConfig, Path work) throws Exception {
        CompletableFuture<WebAppReplica> a = CompletableFuture.supplyAsync(() -> WebAppReplica.springBoot("shop-a", clientConfig, MAP, work));
        CompletableFuture<WebAppReplica> b = CompletableFuture.supplyAsync(() -> WebAppReplica.springBoot("shop-b", clientConfig, MAP, work));
        try {
            return List.of(a.get(), b.get());
        } catch (Exception e) {
            a.thenAccept(WebAppReplica::close);
            b.thenAccept(WebAppReplica::close);
            throw e;
        }
    }

    static Path publishedClientConfig(KubernetesClient client, SessionCluster cluster, Path work) throws Exception {
        String yaml = client.configMaps().inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getStatus().getClientConfigMap()).get().getData().get(ClientConfigYaml.FILE);
        Files.createDirectories(work);
        return Files.writeString(work.resolve(cluster.getMetadata().getName() + "-" + ClientConfigYaml.FILE), yaml);
    }

    private static String login(Browser browser, String user) throws Exception {
        HttpResponse<String> response = browser.post("/login?user=" + user);
        assertThat(response.statusCode()).as("login of " + user).isEqualTo(200);
        return JSON.readTree(response.body()).get("session").asText();
    }

    private static List<String> items(Browser browser) throws Exception {
        HttpResponse<String> response = browser.get("/cart");
        assertThat(response.statusCode()).as("the session cookie is still valid").isEqualTo(200);
        List<String> items = new ArrayList<>();
        JSON.readTree(response.body()).get("items").forEach(item -> items.add(item.asText()));
        return items;
    }

    private static Map<String, Integer> sessionsOf(Browser browser) throws Exception {
        HttpResponse<String> response = browser.get("/sessions");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode sessions = JSON.readTree(response.body());
        Map<String, Integer> carts = new java.util.TreeMap<>();
        sessions.fields().forEachRemaining(e -> carts.put(e.getKey(), e.getValue().asInt()));
        return carts;
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
