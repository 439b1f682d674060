package io.sessioncache.operator.validation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.model.MemberConfigYaml;
import java.util.Collection;
import java.util.Optional;

/**
 * What the members were last given, which a change must stay compatible with: their Hazelcast version and their
 * hazelcast.yaml. Both come from the last applied children; an invalid spec is never applied, so they hold the last
 * good one. Empty before the first members exist.
 */
public record RunningMembers(Optional<String> version, Optional<String> memberYaml) {

    public static final RunningMembers NONE = new RunningMembers(Optional.empty(), Optional.empty());

    public static RunningMembers of(SessionCluster cluster, Optional<StatefulSet> statefulSet,
                                    Collection<ConfigMap> configMaps) {
        String memberConfigMap = ClusterNames.of(cluster).memberConfigMap();
        return new RunningMembers(
                statefulSet.map(sts -> sts.getSpec().getTemplate().getMetadata().getLabels().get(ClusterLabels.VERSION)),
                configMaps.stream()
                        .filter(configMap -> memberConfigMap.equals(configMap.getMetadata().getName()))
                        .findFirst()
                        .map(configMap -> configMap.getData().get(MemberConfigYaml.FILE)));
    }
}
