package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.model.ClientConfigYaml;
import io.sessioncache.operator.model.ClusterLabels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Creating SessionClusters, waiting (always bounded) for what their status says, and connecting clients to them. */
final class RunningClusters {

    static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    static final Duration CLIENT_CONNECT_TIMEOUT = Duration.ofSeconds(90);

    private RunningClusters() {
    }

    static SessionCluster create(KubernetesClient client, String namespace, String name, int replicas,
                                 Consumer<SessionClusterSpec> customize) {
        SessionCluster cluster = new SessionCluster();
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setNamespace(namespace);
        SessionClusterSpec spec = new SessionClusterSpec();
        spec.setReplicas(replicas);
        customize.accept(spec);
        cluster.setSpec(spec);
        return client.resource(cluster).create();
    }

    static SessionCluster get(KubernetesClient client, String namespace, String name) {
        return client.resources(SessionCluster.class).inNamespace(namespace).withName(name).get();
    }

    /** Ready=True with {@code replicas} ready members, status observed for the current generation. */
    static SessionCluster awaitReady(KubernetesClient client, String namespace, String name, int replicas) {
        await("SessionCluster " + name + " Ready with " + replicas + " members")
                .atMost(READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> isReady(get(client, namespace, name), replicas));
        return get(client, namespace, name);
    }

    static boolean isReady(SessionCluster cluster, int replicas) {
        if (cluster == null || cluster.getStatus() == null) {
            return false;
        }
        SessionClusterStatus status = cluster.getStatus();
        return cluster.getMetadata().getGeneration().equals(status.getObservedGeneration())
                && Integer.valueOf(replicas).equals(status.getReplicas())
                && Integer.valueOf(replicas).equals(status.getReadyReplicas())
                && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static void patchSpec(KubernetesClient client, String namespace, String name, String specJson) {
        client.resources(SessionCluster.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
    }

    /** Member pod name -> uid, of the pods not being deleted. */
    static Map<String, String> podUids(KubernetesClient client, String namespace, String name) {
        return members(client, namespace, name).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    /** Every member replaced (new pod UIDs, as many as {@code before}) and the cluster Ready for the new generation. */
    static void awaitRolledAndReady(KubernetesClient client, String namespace, String name, Map<String, String> before,
                                    Duration timeout) {
        await("every member replaced and the cluster Ready").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, String> now = podUids(client, namespace, name);
                    return now.size() == before.size() && now.values().stream().noneMatch(before::containsValue)
                            && isReady(get(client, namespace, name), before.size());
                });
    }

    static int statefulSetReplicas(KubernetesClient client, String namespace, String name) {
        return client.apps().statefulSets().inNamespace(namespace).withName(name).get().getSpec().getReplicas();
    }

    static List<Pod> members(KubernetesClient client, String namespace, String name) {
        return client.pods().inNamespace(namespace).withLabel(ClusterLabels.INSTANCE, name).list().getItems();
    }

    /** The client configuration the operator published, exactly as an application would mount it. */
    static ClientConfig publishedClientConfig(KubernetesClient client, SessionCluster cluster) {
        String mapName = cluster.getStatus().getClientConfigMap();
        ConfigMap map = client.configMaps().inNamespace(cluster.getMetadata().getNamespace()).withName(mapName).get();
        String yaml = map.getData().get(ClientConfigYaml.FILE);
        return new YamlClientConfigBuilder(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** Starts a client; the published config retries forever, so the wait is bounded here. */
    static HazelcastInstance connect(ClientConfig config) {
        CompletableFuture<HazelcastInstance> starting = CompletableFuture.supplyAsync(() -> HazelcastClient.newHazelcastClient(config));
        try {
            return starting.get(CLIENT_CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            starting.thenAccept(HazelcastInstance::shutdown);
            throw new AssertionError("the client did not connect within " + CLIENT_CONNECT_TIMEOUT, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the client could not start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void awaitClusterSize(HazelcastInstance client, int members) {
        await("the client sees " + members + " members").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.getCluster().getMembers().size() == members);
    }

    /** Writes {@code count} sessions ("session-N" to "user-N") into the map and checks that it holds them all. */
    static IMap<String, String> writeSessions(HazelcastInstance client, String mapName, int count) {
        IMap<String, String> sessions = client.getMap(mapName);
        for (int i = 0; i < count; i++) {
            sessions.set("session-" + i, "user-" + i);
        }
        assertThat(sessions.size()).as("sessions in " + mapName).isEqualTo(count);
        return sessions;
    }
}
