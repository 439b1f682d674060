package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.NearCacheSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders hazelcast-client.yaml: what an application mounts to reach the cluster with the published near-cache policy. */
public final class ClientConfigYaml {

    public static final String FILE = "hazelcast-client.yaml";
    /** Where a client with preload on keeps the keys of its near cache, relative to its working directory. */
    public static final String PRELOAD_DIRECTORY = "near-cache-preload";
    public static final String RECONCILIATION_INTERVAL = "hazelcast.invalidation.reconciliation.interval.seconds";
    public static final String MAX_TOLERATED_MISSES = "hazelcast.invalidation.max.tolerated.miss.count";
    /** The shortest reconciliation interval Hazelcast accepts (hazelcast.invalidation.min.reconciliation.interval.seconds). */
    public static final int RECONCILIATION_SECONDS = 30;

    private ClientConfigYaml() {
    }

    public static String render(SessionCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("cluster-name", cluster.getMetadata().getName());
        // redo-operation: a session write is idempotent, so the client may safely resend one whose member went away
        // mid-call (a member stopping in a roll) instead of failing the web request.
        client.put("network", Map.of(
                "cluster-members", List.of(names.serviceHost(names.clientService()) + ":" + MemberPorts.MEMBER),
                "smart-routing", true,
                "redo-operation", true));
        // Keep retrying: a session store that gives up during a member restart fails the very requests it should serve.
        client.put("connection-strategy", Map.of(
                "async-start", false,
                "reconnect-mode", "ON",
                "connection-retry", Map.of("cluster-connect-timeout-millis", -1)));
        NearCacheSpec nearCache = cluster.getSpec().getNearCache();
        if (nearCache.isEnabled()) {
            client.put("properties", repairProperties());
            client.put("near-cache", Map.of(cluster.getSpec().getSessions().getMapName(), nearCache(nearCache)));
        }
        SessionFrameworkConfig.addSerialization(client, cluster.getSpec().getSessions().getFramework());
        return YamlText.write(Map.of("hazelcast-client", client));
    }

    /**
     * An invalidation the client misses (its connection to a member broke, a member stopped mid-send) is found by
     * sequence numbers when the client reconciles with the members. Hazelcast's defaults reconcile every 60 s and
     * then repair only after more than 10 misses, so a few missed invalidations can leave stale sessions cached until
     * they expire: repair after any miss, at the shortest interval Hazelcast allows.
     */
    private static Map<String, Object> repairProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(RECONCILIATION_INTERVAL, String.valueOf(RECONCILIATION_SECONDS));
        properties.put(MAX_TOLERATED_MISSES, "0");
        return properties;
    }

    private static Map<String, Object> nearCache(NearCacheSpec spec) {
        Map<String, Object> nearCache = new LinkedHashMap<>();
        nearCache.put("in-memory-format", spec.getInMemoryFormat().name());
        nearCache.put("invalidate-on-change", spec.isInvalidateOnChange());
        nearCache.put("time-to-live-seconds", spec.getTimeToLiveSeconds());
        nearCache.put("max-idle-seconds", spec.getMaxIdleSeconds());
        nearCache.put("local-update-policy", spec.getLocalUpdatePolicy().name());
        nearCache.put("eviction", Map.of(
                "eviction-policy", spec.getEviction().getPolicy().name(),
                "max-size-policy", spec.getEviction().getMaxSizePolicy().name(),
                "size", spec.getEviction().getSize()));
        if (spec.isPreload()) {
            nearCache.put("preloader", Map.of("enabled", true, "directory", PRELOAD_DIRECTORY));
        }
        return nearCache;
    }
}
