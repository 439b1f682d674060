package io.sessioncache.installation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SessionClusters as GenericKubernetesResource: these tests see the API as a GitOps tool does, without the operator's classes. */
final class SessionClusters {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("sessioncache.io").withVersion("v1alpha1").withKind("SessionCluster")
            .withPlural("sessionclusters").withNamespaced(true).build();

    /** JOSDK's finalizer for the reconciler of sessionclusters.sessioncache.io. */
    static final String FINALIZER = "sessionclusters.sessioncache.io/finalizer";

    private SessionClusters() {
    }

    static GenericKubernetesResource sample(String name, String namespace) {
        GenericKubernetesResource cluster = Chart.parse(Repository.read(Repository.sample(name))).get(0);
        cluster.getMetadata().setNamespace(namespace);
        return cluster;
    }

    static GenericKubernetesResource get(KubernetesClient client, String namespace, String name) {
        return client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName(name).get();
    }

    static GenericKubernetesResource apply(KubernetesClient client, GenericKubernetesResource cluster, String manager) {
        return client.genericKubernetesResources(CONTEXT).inNamespace(cluster.getMetadata().getNamespace())
                .resource(cluster).fieldManager(manager).forceConflicts().serverSideApply();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource cluster) {
        return cluster == null ? null : (Map<String, Object>) cluster.getAdditionalProperties().get("status");
    }

    static Long observedGeneration(GenericKubernetesResource cluster) {
        Map<String, Object> status = status(cluster);
        return status == null || status.get("observedGeneration") == null ? null
                : ((Number) status.get("observedGeneration")).longValue();
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> condition(GenericKubernetesResource cluster, String type) {
        Map<String, Object> status = status(cluster);
        if (status == null || status.get("conditions") == null) {
            return Optional.empty();
        }
        return ((List<Map<String, Object>>) status.get("conditions")).stream()
                .filter(c -> type.equals(c.get("type"))).findFirst();
    }

    static String conditionStatus(GenericKubernetesResource cluster, String type) {
        return condition(cluster, type).map(c -> (String) c.get("status")).orElse(null);
    }
}
