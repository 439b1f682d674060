package io.sessioncache.e2e.bench;

import com.hazelcast.client.config.ClientConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClientConfigYaml;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ConfigMaps;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.model.MemberStatefulSet;
import io.sessioncache.operator.model.Services;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two ways Hazelcast Community Edition is deployed without this operator, built from the same member and client
 * config so the comparison is fair: the shutdown policy and the StatefulSet's own rollout differ, and the bounds this
 * operator puts on waiting for a dead member (backup acks, retry pauses) are left at Hazelcast's defaults.
 */
public enum Baselines {

    /** What Hazelcast's platform operator (5.12, the last open build) does: Parallel pods, RollingUpdate, TERMINATE. */
    READINESS_ONLY_TERMINATE("Parallel", "TERMINATE"),
    /** What the Hazelcast Helm chart does: a plain StatefulSet, RollingUpdate, GRACEFUL shutdown hook. */
    READINESS_ONLY_GRACEFUL("OrderedReady", "GRACEFUL");

    private final String podManagementPolicy;
    private final String shutdownPolicy;

    Baselines(String podManagementPolicy, String shutdownPolicy) {
        this.podManagementPolicy = podManagementPolicy;
        this.shutdownPolicy = shutdownPolicy;
    }

    /** Member ConfigMap, Services and StatefulSet, with no owner and no operator labels: the operator leaves them alone. */
    public List<HasMetadata> resources(SessionCluster cluster) {
        String memberYaml = MemberConfigYaml.render(cluster)
                .replace("hazelcast.shutdownhook.policy: GRACEFUL", "hazelcast.shutdownhook.policy: " + shutdownPolicy)
                .lines().filter(line -> !line.contains(MemberConfigYaml.RETRY_PAUSE))
                .collect(Collectors.joining("\n", "", "\n"));
        StatefulSet statefulSet = MemberStatefulSet.build(cluster, "baseline");
        statefulSet.getSpec().setPodManagementPolicy(podManagementPolicy);
        statefulSet.getSpec().getUpdateStrategy().setType("RollingUpdate");
        statefulSet.getSpec().getTemplate().getMetadata().getLabels().remove(ClusterLabels.MANAGED_BY);
        List<HasMetadata> resources = List.of(ConfigMaps.member(cluster, memberYaml), Services.members(cluster),
                Services.client(cluster), statefulSet);
        resources.forEach(resource -> {
            resource.getMetadata().setOwnerReferences(List.of());
            resource.getMetadata().getLabels().remove(ClusterLabels.MANAGED_BY);
        });
        return resources;
    }

    /** The published client config with Hazelcast's own backup-ack timeout (5 s) and retry pause (1 s). */
    public static ClientConfig clientConfig(SessionCluster cluster) {
        ClientConfig config = HazelcastConfigCheck.parseClient(ClientConfigYaml.render(cluster));
        config.getProperties().remove(ClientConfigYaml.BACKUP_ACK_TIMEOUT);
        config.getProperties().remove(ClientConfigYaml.RETRY_PAUSE);
        return config;
    }

    public String shutdownPolicy() {
        return shutdownPolicy;
    }
}
