package io.sessioncache.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * A 3-member SessionCluster on an API server where no kubelet runs its pods, so its members never become Ready: with
 * the operator's member-ready timeout short (SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT=PT5S), a roll halts for certain.
 */
final class HaltingCluster {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    HaltingCluster(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    void create() {
        SessionCluster cluster = new SessionCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        SessionClusterSpec spec = new SessionClusterSpec();
        spec.setReplicas(3);
        cluster.setSpec(spec);
        client.resource(cluster).create();
    }

    /** Changes the configuration once the first member's pod exists, and returns the reason of the halt that follows. */
    String haltARoll() {
        await("the first member's pod").atMost(TIMEOUT)
                .until(() -> client.pods().inNamespace(namespace).withName(name + "-0").get() != null);
        client.resources(SessionCluster.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"sessions\": {\"maxIdleSeconds\": 900}}}");
        await("the roll halts: Degraded=True").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> degradedReason().isPresent());
        return degradedReason().orElseThrow();
    }

    void delete() {
        client.resources(SessionCluster.class).inNamespace(namespace).withName(name).delete();
    }

    /** The reason of the Degraded condition while it is True. */
    Optional<String> degradedReason() {
        SessionCluster cluster = client.resources(SessionCluster.class).inNamespace(namespace).withName(name).get();
        if (cluster == null || cluster.getStatus() == null) {
            return Optional.empty();
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(Condition::getReason).findFirst();
    }
}
