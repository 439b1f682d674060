package io.sessioncache.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;

/** SessionClusters as the API server hands them to the operator: defaults applied, uid and generation set. */
public final class SessionClusters {

    private SessionClusters() {
    }

    public static SessionCluster named(String name) {
        SessionCluster cluster = new SessionCluster();
        cluster.setSpec(new SessionClusterSpec());
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("shop")
                .withUid("6f1c0a4e-0000-4000-8000-000000000001")
                .withGeneration(1L)
                .build());
        return cluster;
    }
}
