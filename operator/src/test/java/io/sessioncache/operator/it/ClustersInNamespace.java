package io.sessioncache.operator.it;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.util.List;

/** The SessionClusters of one test namespace on the real API server, as the integration tests make and change them. */
final class ClustersInNamespace {

    private final KubernetesClient client;
    private final TestNamespace namespace;

    ClustersInNamespace(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** A SessionCluster of that name with the default spec. */
    SessionCluster create(String name) {
        SessionCluster cluster = new SessionCluster();
        cluster.setSpec(new SessionClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        return api().resource(cluster).create();
    }

    /** A merge patch carries no resourceVersion, so it cannot conflict with the operator's status writes. */
    void patchSpec(String name, String specJson) {
        api().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
    }

    /** Every event recorded about that SessionCluster. */
    List<Event> events(String name) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "SessionCluster".equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    NonNamespaceOperation<SessionCluster, KubernetesResourceList<SessionCluster>, Resource<SessionCluster>> api() {
        return client.resources(SessionCluster.class).inNamespace(namespace.name());
    }
}
