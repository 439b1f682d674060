package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.api.v1alpha1.UpgradeStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.sandbox.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A minor-version upgrade as a web app sees it: the Spring Boot example on Spring Session, two replicas without
 * stickiness, thousands of logged-in sessions and shoppers adding to their carts throughout. First the upgrade is
 * undone before clients move; then it is done, with the operator killed while it copies and again while it switches
 * (the old set may be fenced then). Every session must be on the new version at the end with every acknowledged
 * write, and no request may fail.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class MinorUpgradeE2E {

    private static final String NAME = "shop";
    private static final String MAP = "spring:session:sessions";
    private static final String FROM = "5.6.0";
    private static final String TO = "5.7.0";
    private static final String NEW_SET = "shop-5-7";
    private static final int SESSIONS = Integer.getInteger("e2e.upgradeSessions", 20_000);
    private static final int SHOPPERS = 4;
    private static final Duration UPGRADE_TIMEOUT = Duration.ofMinutes(8);

    @Test
    void sessionsAndClientsMoveToTheNextMinorVersionWithNothingLostAndAnUpgradeCanBeUndoneBeforeTheSwitch(
            LocalStack stack, KubernetesClient client, E2ENamespace namespace) throws Exception {
        RunningClusters.create(client, namespace.name(), NAME, 3, spec -> {
            spec.setVersion(FROM);
            spec.getSessions().setMapName(MAP);
            spec.getSessions().setFramework(SessionFramework.SpringSession);
        });
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), NAME, 3);
        Path work = Path.of("target", "e2e", namespace.name()).toAbsolutePath();
        List<WebAppReplica> replicas = SpringShop.startReplicas(SpringShop.publishedClientConfig(client, ready, work), MAP, work);
        try {
            Instant seeding = Instant.now();
            List<LoggedIn> crowd = logInMany(replicas, SESSIONS);
            System.out.printf("minor upgrade: %,d sessions logged in, each with one item, in %d s%n", crowd.size(),
                    Duration.between(seeding, Instant.now()).toSeconds());

            undoBeforeTheSwitch(client, namespace);
            upgradeWithTheOperatorKilledMidCopyAndMidSwitch(stack, client, namespace, replicas);

            assertEverySessionKept(replicas, crowd);
        } finally {
            replicas.forEach(WebAppReplica::close);
        }
    }

    /** The version set back while the new set starts: it goes, the old set never stopped serving. */
    private static void undoBeforeTheSwitch(KubernetesClient client, E2ENamespace namespace) {
        patchVersion(client, namespace, TO);
        await("the new member set is being created").atMost(UPGRADE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> client.apps().statefulSets().inNamespace(namespace.name()).withName(NEW_SET).get() != null);
        assertThat(upgrade(client, namespace)).map(UpgradeStatus::getPhase).contains(UpgradePhase.Preparing);
        patchVersion(client, namespace, FROM);
        await("the upgrade undone: the new set gone").atMost(UPGRADE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> upgrade(client, namespace).isEmpty() && membersOf(client, namespace, NEW_SET).isEmpty()
                        && client.apps().statefulSets().inNamespace(namespace.name()).withName(NEW_SET).get() == null);
        SessionCluster undone = RunningClusters.awaitReady(client, namespace.name(), NAME, 3);
        assertThat(undone.getStatus().getMemberSet()).isEqualTo(NAME);
        assertThat(undone.getStatus().getVersion()).isEqualTo(FROM);
        assertThat(events(client, namespace)).anyMatch(message -> message.contains("upgrade to " + TO + " undone"));
    }

    private static void upgradeWithTheOperatorKilledMidCopyAndMidSwitch(LocalStack stack, KubernetesClient client,
                                                                       E2ENamespace namespace, List<WebAppReplica> replicas)
            throws Exception {
        SpringShop.Shoppers shoppers = SpringShop.Shoppers.start(replicas, SHOPPERS);
        Instant start = Instant.now();
        try {
            patchVersion(client, namespace, TO);
            killTheOperatorIn(UpgradePhase.Copying, stack, client, namespace);
            Instant copying = Instant.now();
            // The switch lasts from the moment status says so to the moment clients move: at least one look (1 s).
            killTheOperatorIn(UpgradePhase.Switching, stack, client, namespace);
            await("clients on the new set and the old set gone").atMost(UPGRADE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> upgrade(client, namespace).isEmpty() && membersOf(client, namespace, NAME).isEmpty());
            SessionCluster upgraded = RunningClusters.awaitReady(client, namespace.name(), NAME, 3);
            System.out.printf("minor upgrade %s -> %s: %d s in all, %d s from the operator's restart mid-copy (killed again "
                    + "mid-switch)%n", FROM, TO,
                    Duration.between(start, Instant.now()).toSeconds(), Duration.between(copying, Instant.now()).toSeconds());
            assertThat(upgraded.getStatus().getMemberSet()).isEqualTo(NEW_SET);
            assertThat(upgraded.getStatus().getVersion()).isEqualTo(TO);
            assertThat(membersOf(client, namespace, NEW_SET)).hasSize(3)
                    .allSatisfy(pod -> assertThat(pod.getMetadata().getLabels()).containsEntry(ClusterLabels.VERSION, TO));
            assertThat(client.apps().statefulSets().inNamespace(namespace.name()).withName(NAME).get()).isNull();
            // Shopping goes on for a moment on the new set, through the clients that moved by themselves.
            Thread.sleep(3_000);
        } finally {
            shoppers.stop();
        }
        shoppers.assertEveryCartExact();
        System.out.println("minor upgrade events: " + events(client, namespace));
    }

    /** Waits for the upgrade to reach {@code phase}, then kills the operator and starts a new one at once. */
    private static void killTheOperatorIn(UpgradePhase phase, LocalStack stack, KubernetesClient client, E2ENamespace namespace) {
        await("the upgrade in phase " + phase).atMost(UPGRADE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> upgrade(client, namespace).map(UpgradeStatus::getPhase).orElse(null) == phase);
        stack.operator().kill();
        System.out.println("minor upgrade: operator killed in phase " + phase);
        stack.restartOperator();
    }

    /** A logged-in session: its cookie and the one item its cart was given. */
    private record LoggedIn(String cookie, String item) {
    }

    /** Logs many users in, each adding one item, through both replicas in turn; one HTTP client, cookies kept by hand. */
    private static List<LoggedIn> logInMany(List<WebAppReplica> replicas, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<LoggedIn>> logins = IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    HttpResponse<String> login = http.send(post(replicas.get(i % 2).uri("/login?user=user-" + i), null),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(login.statusCode()).as("login of user-%d", i).isEqualTo(200);
                    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                    HttpResponse<String> added = http.send(post(replicas.get((i + 1) % 2).uri("/cart?item=item-" + i), cookie),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(added.statusCode()).as("add for user-%d", i).isEqualTo(200);
                    return new LoggedIn(cookie, "item-" + i);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads)).toList();
            List<LoggedIn> crowd = new ArrayList<>();
            for (CompletableFuture<LoggedIn> login : logins) {
                crowd.add(login.get(5, TimeUnit.MINUTES));
            }
            return crowd;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every logged-in session is still there, its one item in its cart; counted, then asserted. */
    private static void assertEverySessionKept(List<WebAppReplica> replicas, List<LoggedIn> crowd) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Boolean>> checks = IntStream.range(0, crowd.size()).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                LoggedIn session = crowd.get(i);
                try {
                    HttpResponse<String> cart = http.send(HttpRequest.newBuilder(replicas.get(i % 2).uri("/cart"))
                            .header("Cookie", session.cookie()).timeout(Browser.REQUEST_TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    return cart.statusCode() == 200 && cart.body().contains("\"" + session.item() + "\"");
                } catch (Exception e) {
                    return false;
                }
            }, threads)).toList();
            long kept = 0;
            for (CompletableFuture<Boolean> check : checks) {
                kept += check.get(5, TimeUnit.MINUTES) ? 1 : 0;
            }
            System.out.printf("minor upgrade: %,d of %,d logged-in sessions kept with their cart%n", kept, crowd.size());
            assertThat(kept).as("sessions kept through the upgrade, the undone one before it included").isEqualTo(crowd.size());
        } finally {
            threads.shutdownNow();
        }
    }

    private static HttpRequest post(URI uri, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Browser.REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }

    private static void patchVersion(KubernetesClient client, E2ENamespace namespace, String version) {
        RunningClusters.patchSpec(client, namespace.name(), NAME, "{\"version\": \"" + version + "\"}");
    }

    private static Optional<UpgradeStatus> upgrade(KubernetesClient client, E2ENamespace namespace) {
        SessionCluster cluster = RunningClusters.get(client, namespace.name(), NAME);
        return Optional.ofNullable(cluster.getStatus()).map(status -> status.getUpgrade());
    }

    /** The pods of one member set, terminating ones included. */
    private static List<Pod> membersOf(KubernetesClient client, E2ENamespace namespace, String memberSet) {
        return RunningClusters.members(client, namespace.name(), NAME).stream()
                .filter(pod -> pod.getMetadata().getOwnerReferences().stream().anyMatch(ref -> memberSet.equals(ref.getName())))
                .toList();
    }

    private static List<String> events(KubernetesClient client, E2ENamespace namespace) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(event -> "Upgrading".equals(event.getReason())).map(Event::getMessage).toList();
    }
}
