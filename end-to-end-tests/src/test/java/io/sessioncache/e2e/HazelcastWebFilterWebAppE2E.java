package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The servlet example on hazelcast-wm 5.0's WebFilter in client mode, two replicas without stickiness, against a
 * SessionCluster with {@code framework: HazelcastWebFilter} (members get hazelcast-wm's entry processors and its
 * DataSerializerHook from the extensions image).
 */
@ExtendWith(LocalSessionCacheExtension.class)
class HazelcastWebFilterWebAppE2E {

    private static final String NAME = "visits";
    private static final String MAP = "web-sessions";
    private static final int UPDATES = 20;

    @Test
    void aSessionCreatedOnOneReplicaIsUpdatedAndReadOnBoth(KubernetesClient client, E2ENamespace namespace) throws Exception {
        RunningClusters.create(client, namespace.name(), NAME, 2, spec -> {
            spec.getSessions().setMapName(MAP);
            spec.getSessions().setFramework(SessionFramework.HazelcastWebFilter);
        });
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), NAME, 2);
        Path work = Path.of("target", "e2e", namespace.name()).toAbsolutePath();
        Path clientConfig = SpringShop.publishedClientConfig(client, ready, work);

        CompletableFuture<WebAppReplica> a = CompletableFuture.supplyAsync(() -> WebAppReplica.hazelcastWm("wm-a", clientConfig, MAP, work));
        CompletableFuture<WebAppReplica> b = CompletableFuture.supplyAsync(() -> WebAppReplica.hazelcastWm("wm-b", clientConfig, MAP, work));
        try (WebAppReplica first = a.get(); WebAppReplica second = b.get()) {
            Browser browser = new Browser(List.of(first, second));
            for (int i = 1; i <= UPDATES; i++) {
                HttpResponse<String> visit = browser.post("/visit?page=p" + i);
                assertThat(visit.statusCode()).isEqualTo(200);
                assertThat(visit.body()).as("update %d, on replica %s", i, i % 2 == 1 ? "a" : "b")
                        .isEqualTo("visits=" + i + " last=p" + i);
            }
            assertThat(browser.get("/visit").body()).isEqualTo("visits=" + UPDATES + " last=p" + UPDATES);
            assertThat(browser.get("/visit").body()).isEqualTo("visits=" + UPDATES + " last=p" + UPDATES);

            HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
            try {
                assertThat(hazelcast.getMap(MAP).size()).as("the session lives in the cluster, not in a replica").isEqualTo(1);
            } finally {
                hazelcast.shutdown();
            }
        } finally {
            a.thenAccept(WebAppReplica::close);
            b.thenAccept(WebAppReplica::close);
        }
    }
}
