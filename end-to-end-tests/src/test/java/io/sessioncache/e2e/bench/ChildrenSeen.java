package io.sessioncache.e2e.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each child of a SessionCluster first appeared in one namespace ({@link System#nanoTime()}), through informers on
 * the kinds the operator creates for every cluster: the StatefulSet, both Services, both ConfigMaps and the
 * PodDisruptionBudget.
 */
final class ChildrenSeen implements AutoCloseable {

    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers;

    ChildrenSeen(KubernetesClient client, String namespace) {
        statefulSets = client.apps().statefulSets().inNamespace(namespace).inform(new Added<>("statefulset"), 0);
        informers = List.of(statefulSets,
                client.services().inNamespace(namespace).inform(new Added<>("service"), 0),
                client.configMaps().inNamespace(namespace).inform(new Added<>("configmap"), 0),
                client.policy().v1().podDisruptionBudget().inNamespace(namespace).inform(new Added<>("pdb"), 0));
    }

    /** When the last of the cluster's six children appeared, if all have. */
    Optional<Long> allPresentAt(String cluster) {
        List<String> children = List.of("statefulset/" + cluster, "service/" + cluster, "service/" + cluster + "-members",
                "configmap/" + cluster + "-member-config", "configmap/" + cluster + "-client-config", "pdb/" + cluster);
        long last = 0;
        for (String child : children) {
            Long seen = firstSeen.get(child);
            if (seen == null) {
                return Optional.empty();
            }
            last = Math.max(last, seen);
        }
        return Optional.of(last);
    }

    /**
     * StatefulSets whose controller has acted on their latest spec and created their first pod. On a loaded machine the
     * controller-manager gets there seconds after the operator created them, and the operator reports each step of it
     * in the cluster's status: a window that starts earlier counts those writes as idle ones.
     */
    long statefulSetsWithAPod() {
        return statefulSets.getStore().list().stream().filter(ChildrenSeen::hasAPod).count();
    }

    private static boolean hasAPod(StatefulSet statefulSet) {
        var status = statefulSet.getStatus();
        return status != null && statefulSet.getMetadata().getGeneration().equals(status.getObservedGeneration())
                && status.getReplicas() != null && status.getReplicas() > 0 && status.getCurrentRevision() != null;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    private final class Added<T extends HasMetadata> implements ResourceEventHandler<T> {

        private final String kind;

        Added(String kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(T resource) {
            firstSeen.putIfAbsent(kind + "/" + resource.getMetadata().getName(), System.nanoTime());
        }

        @Override
        public void onUpdate(T old, T resource) {
        }

        @Override
        public void onDelete(T resource, boolean finalStateUnknown) {
        }
    }
}
