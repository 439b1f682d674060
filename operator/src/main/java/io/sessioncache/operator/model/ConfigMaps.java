package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.Map;

/** The two ConfigMaps: hazelcast.yaml for members, hazelcast-client.yaml for applications. */
public final class ConfigMaps {

    private ConfigMaps() {
    }

    public static ConfigMap member(SessionCluster cluster, String memberYaml) {
        return member(cluster, MemberSet.serving(cluster), memberYaml);
    }

    public static ConfigMap member(SessionCluster cluster, MemberSet set, String memberYaml) {
        return new ConfigMapBuilder()
                .withMetadata(ChildMetadata.of(cluster, set.memberConfigMap()))
                .withData(Map.of(MemberConfigYaml.FILE, memberYaml))
                .build();
    }

    public static ConfigMap client(SessionCluster cluster, String clientYaml) {
        return new ConfigMapBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).clientConfigMap()))
                .withData(Map.of(ClientConfigYaml.FILE, clientYaml))
                .build();
    }
}
