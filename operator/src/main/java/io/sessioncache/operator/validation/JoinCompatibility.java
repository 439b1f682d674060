package io.sessioncache.operator.validation;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A member is admitted to a cluster only when its config matches the cluster's in what Hazelcast's join check compares
 * ({@code com.hazelcast.internal.cluster.impl.ConfigCheck}: cluster name, join mechanism, partition groups, partition
 * count). A change to any of them cannot roll member by member: the first restarted member would be refused by the
 * others, or start a cluster of its own behind the client Service. Such a change is refused like a minor version
 * change, and nothing is restarted. Pure: both configs are read with Hazelcast's own parser.
 */
public final class JoinCompatibility {

    public static final String REASON = "UnsupportedConfigChange";

    private JoinCompatibility() {
    }

    /** What the join check compares, with the spec field that renders it. */
    private enum JoinSetting {
        CLUSTER_NAME("metadata.name", Config::getClusterName),
        JOIN_MECHANISM("hazelcast.yaml network.join", config -> joinMechanism(config.getNetworkConfig().getJoin())),
        PARTITION_GROUP("spec.highAvailability.mode", config -> highAvailabilityMode(config.getPartitionGroupConfig())),
        PARTITION_COUNT("hazelcast.yaml properties." + ClusterProperty.PARTITION_COUNT.getName(),
                config -> config.getProperty(ClusterProperty.PARTITION_COUNT.getName()));

        private final String field;
        private final Function<Config, String> read;

        JoinSetting(String field, Function<Config, String> read) {
            this.field = field;
            this.read = read;
        }
    }

    /**
     * @param runningYaml the hazelcast.yaml the running members were given
     * @param wantedYaml  the hazelcast.yaml rendered from the spec now
     * @return one problem per join setting that differs; empty when a member of the new config joins the running ones
     */
    public static List<SpecProblem> check(String runningYaml, String wantedYaml) {
        Config running = HazelcastConfigCheck.parseMember(runningYaml);
        Config wanted = HazelcastConfigCheck.parseMember(wantedYaml);
        List<SpecProblem> problems = new ArrayList<>();
        for (JoinSetting setting : JoinSetting.values()) {
            String before = setting.read.apply(running);
            String after = setting.read.apply(wanted);
            if (!Objects.equals(before, after)) {
                problems.add(refusal(setting.field, before, after));
            }
        }
        return List.copyOf(problems);
    }

    private static SpecProblem refusal(String field, String running, String wanted) {
        return new SpecProblem(field, ("members run with %s %s; a member with %s would be refused by them (Hazelcast's "
                + "join check admits only members of the same %s), so the change cannot be rolled member by member. "
                + "Keep %s at %s, or create a new SessionCluster with %s and move applications to it")
                .formatted(field, running, wanted, field, field, running, wanted), REASON);
    }

    /** In spec terms (None, Node, Zone) when the config is one the operator renders. */
    private static String highAvailabilityMode(PartitionGroupConfig partitionGroup) {
        String type = partitionGroup.isEnabled() ? partitionGroup.getGroupType().name() : null;
        return Arrays.stream(HighAvailabilitySpec.Mode.values())
                .filter(mode -> Objects.equals(mode.partitionGroupType().orElse(null), type))
                .map(Enum::name)
                .findFirst()
                .orElse("partition group " + type);
    }

    /** Hazelcast's joiner type: multicast, or tcp-ip (which its discovery joiners, Kubernetes included, extend). */
    private static String joinMechanism(JoinConfig join) {
        return join.getMulticastConfig().isEnabled() ? "multicast" : "tcp-ip";
    }
}
