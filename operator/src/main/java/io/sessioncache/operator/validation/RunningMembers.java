package io.sessioncache.operator.validation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ConfigHash;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.model.MemberSet;
import io.sessioncache.operator.model.MemberStatefulSet;
import java.util.Collection;
import java.util.Optional;

/**
 * What the members were last given, which a change must stay compatible with: their Hazelcast version and their
 * hazelcast.yaml. Both come from the last applied children; an invalid spec is never applied, so they hold the last
 * good one. The member config counts only while its hash is the one on the StatefulSet's pod template: a ConfigMap
 * edited by hand is not what members were given, and the operator puts it back rather than refuse the spec over it.
 * Empty before the first members exist.
 */
public record RunningMembers(Optional<String> version, Optional<String> memberYaml) {

    public static final RunningMembers NONE = new RunningMembers(Optional.empty(), Optional.empty());

    public static RunningMembers of(SessionCluster cluster, Optional<StatefulSet> statefulSet,
                                    Collection<ConfigMap> configMaps) {
        String memberConfigMap = MemberSet.serving(cluster).memberConfigMap();
        Optional<String> givenHash = statefulSet.map(sts -> sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .map(annotations -> annotations.get(MemberStatefulSet.CONFIG_HASH_ANNOTATION));
        return new RunningMembers(
                statefulSet.map(sts -> sts.getSpec().getTemplate().getMetadata().getLabels().get(ClusterLabels.VERSION)),
                configMaps.stream()
                        .filter(configMap -> memberConfigMap.equals(configMap.getMetadata().getName()))
                        .findFirst()
                        .map(configMap -> configMap.getData() == null ? null : configMap.getData().get(MemberConfigYaml.FILE))
                        .filter(yaml -> givenHash.isPresent() && givenHash.get().equals(ConfigHash.of(yaml))));
    }
}
