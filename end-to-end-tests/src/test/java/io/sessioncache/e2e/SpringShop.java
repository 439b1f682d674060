package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The Spring Boot example shop as the end-to-end tests drive it: its replicas, logins, carts, and shoppers. */
final class SpringShop {

    static final ObjectMapper JSON = new ObjectMapper();

    private SpringShop() {
    }

    static List<WebAppReplica> startReplicas(Path clientConfig, String map, Path work) throws Exception {
        CompletableFuture<WebAppReplica> a = CompletableFuture.supplyAsync(() -> WebAppReplica.springBoot("shop-a", clientConfig, map, work));
        CompletableFuture<WebAppReplica> b = CompletableFuture.supplyAsync(() -> WebAppReplica.springBoot("shop-b", clientConfig, map, work));
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

    /** Shoppers, each logged in through a browser of its own, adding to their carts until stopped. */
    static final class Shoppers {
        private final List<Shopper> shoppers;
        private final AtomicBoolean shopping = new AtomicBoolean(true);
        private final List<CompletableFuture<Void>> running;

        private Shoppers(List<Shopper> shoppers) {
            this.shoppers = shoppers;
            this.running = shoppers.stream().map(shopper -> CompletableFuture.runAsync(() -> shopper.shopWhile(shopping))).toList();
        }

        static Shoppers start(List<WebAppReplica> replicas, int count) throws Exception {
            List<Shopper> shoppers = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                Browser browser = new Browser(replicas);
                shoppers.add(new Shopper("shopper-" + s, browser, login(browser, "shopper-" + s)));
            }
            return new Shoppers(shoppers);
        }

        /** Stops them and waits, bounded, for their last requests. */
        void stop() throws Exception {
            shopping.set(false);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        }

        /** Prints what each shopper saw, and checks every acknowledged add is in its cart and nothing failed. */
        void assertEveryCartExact() throws Exception {
            SpringShop.assertEveryCartExact(shoppers);
        }
    }

    private static void assertEveryCartExact(List<Shopper> shoppers) throws Exception {
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

    static String login(Browser browser, String user) throws Exception {
        HttpResponse<String> response = browser.post("/login?user=" + user);
        assertThat(response.statusCode()).as("login of " + user).isEqualTo(200);
        return JSON.readTree(response.body()).get("session").asText();
    }

    static List<String> items(Browser browser) throws Exception {
        HttpResponse<String> response = browser.get("/cart");
        assertThat(response.statusCode()).as("the session cookie is still valid").isEqualTo(200);
        List<String> items = new ArrayList<>();
        JSON.readTree(response.body()).get("items").forEach(item -> items.add(item.asText()));
        return items;
    }

    static Map<String, Integer> sessionsOf(Browser browser) throws Exception {
        HttpResponse<String> response = browser.get("/sessions");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode sessions = JSON.readTree(response.body());
        Map<String, Integer> carts = new java.util.TreeMap<>();
        sessions.fields().forEachRemaining(e -> carts.put(e.getKey(), e.getValue().asInt()));
        return carts;
    }

    /** One user adding items one request at a time, each acknowledged add checked against the cart's size. */
    static final class Shopper {
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
}
