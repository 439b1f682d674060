package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionMapSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the members' hazelcast.yaml. Every setting the roll algorithm relies on is here: graceful shutdown,
 * the REST health endpoints, discovery and the session map's backups, eviction and split-brain merge policy.
 */
public final class MemberConfigYaml {

    public static final String FILE = "hazelcast.yaml";
    /** Hazelcast's member property that batches near-cache invalidations (on by default). */
    public static final String INVALIDATION_BATCHING = "hazelcast.map.invalidation.batch.enabled";
    public static final String RETRY_PAUSE = "hazelcast.invocation.retry.pause.millis";
    /**
     * The longest pause between two retries of an operation (Hazelcast: 500). Retries back off 1, 2, 4 ... ms up to it:
     * an operation on a member that died keeps retrying until the cluster has dropped the member and promoted a backup
     * (0.4-1 s measured), and with 500 its last pause alone made it wait another half second after that.
     */
    public static final int RETRY_PAUSE_MILLIS = 100;
    /** Hazelcast's default: sessions sent per merge operation after a split brain heals. */
    static final int MERGE_BATCH_SIZE = 100;

    private MemberConfigYaml() {
    }

    public static String render(SessionCluster cluster) {
        return render(cluster, MemberSet.serving(cluster));
    }

    /** The config of one member set's members: they find each other through that set's discovery Service only. */
    public static String render(SessionCluster cluster, MemberSet set) {
        Map<String, Object> hazelcast = new LinkedHashMap<>();
        hazelcast.put("cluster-name", cluster.getMetadata().getName());
        hazelcast.put("properties", properties(cluster));
        hazelcast.put("network", network(cluster, set));
        // The metrics endpoint exports what Hazelcast publishes as JMX Metrics MBeans: on by default, pinned here.
        hazelcast.put("metrics", Map.of("enabled", true, "jmx", Map.of("enabled", true)));
        cluster.getSpec().getHighAvailability().getMode().partitionGroupType()
                .ifPresent(type -> hazelcast.put("partition-group", Map.of("enabled", true, "group-type", type)));
        hazelcast.put("map", Map.of(cluster.getSpec().getSessions().getMapName(), sessionMap(cluster.getSpec().getSessions())));
        SessionFrameworkConfig.addSerialization(hazelcast, cluster.getSpec().getSessions().getFramework());
        return YamlText.write(Map.of("hazelcast", hazelcast));
    }

    /** Whether members find each other through the Kubernetes API (and so need RBAC) rather than DNS. */
    public static boolean usesKubernetesApiDiscovery(SessionCluster cluster) {
        return cluster.getSpec().getHighAvailability().getMode() != HighAvailabilitySpec.Mode.None;
    }

    private static Map<String, Object> properties(SessionCluster cluster) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("hazelcast.shutdownhook.enabled", "true");
        // GRACEFUL hands a member's partitions over before it exits; the default TERMINATE loses them.
        properties.put("hazelcast.shutdownhook.policy", "GRACEFUL");
        properties.put("hazelcast.graceful.shutdown.max.wait", String.valueOf(cluster.getSpec().getGracefulShutdownSeconds()));
        properties.put("hazelcast.phone.home.enabled", "false");
        // Members send each near-cache invalidation at once. Hazelcast batches them by default (100 per batch, or
        // every 10 s): at low traffic another client's near cache serves the old session for up to 10 s, and a
        // replica behind a non-sticky load balancer that saves it overwrites the newer one.
        properties.put(INVALIDATION_BATCHING, "false");
        properties.put(RETRY_PAUSE, String.valueOf(RETRY_PAUSE_MILLIS));
        return properties;
    }

    private static Map<String, Object> network(SessionCluster cluster, MemberSet set) {
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("port", Map.of("port", MemberPorts.MEMBER, "auto-increment", false));
        network.put("rest-api", Map.of("enabled", true,
                "endpoint-groups", Map.of("HEALTH_CHECK", Map.of("enabled", true))));
        network.put("join", Map.of(
                "auto-detection", Map.of("enabled", false),
                "multicast", Map.of("enabled", false),
                "kubernetes", kubernetesJoin(cluster, set)));
        return network;
    }

    private static Map<String, Object> kubernetesJoin(SessionCluster cluster, MemberSet set) {
        ClusterNames names = ClusterNames.of(cluster);
        Map<String, Object> join = new LinkedHashMap<>();
        join.put("enabled", true);
        if (usesKubernetesApiDiscovery(cluster)) {
            join.put("namespace", names.namespace());
            join.put("service-name", set.membersService());
            join.put("resolve-not-ready-addresses", true);
        } else {
            join.put("service-dns", names.serviceHost(set.membersService()));
        }
        join.put("service-port", MemberPorts.MEMBER);
        return join;
    }

    private static Map<String, Object> sessionMap(SessionMapSpec sessions) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backup-count", sessions.getBackupCount());
        map.put("async-backup-count", sessions.getAsyncBackupCount());
        map.put("read-backup-data", sessions.isReadBackupData());
        map.put("in-memory-format", sessions.getInMemoryFormat().name());
        map.put("max-idle-seconds", sessions.getMaxIdleSeconds());
        map.put("time-to-live-seconds", sessions.getTimeToLiveSeconds());
        map.put("eviction", Map.of(
                "eviction-policy", sessions.getEviction().getPolicy().name(),
                "max-size-policy", sessions.getEviction().getMaxSizePolicy().name(),
                "size", sessions.getEviction().getSize()));
        // Hazelcast refuses to create the map when its merge policy compares statistics the map does not keep.
        map.put("per-entry-stats-enabled", sessions.getMergePolicy().needsPerEntryStats());
        map.put("merge-policy", Map.of(
                "class-name", sessions.getMergePolicy().className(),
                "batch-size", MERGE_BATCH_SIZE));
        map.putAll(SessionFrameworkConfig.sessionMapSettings(sessions.getFramework()));
        return map;
    }
}
