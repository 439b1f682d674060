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
    public static final String BACKUP_ACK_TIMEOUT = "hazelcast.client.operation.backup.timeout.millis";
    /**
     * How long a write waits for its backup's ack once the primary has answered (Hazelcast: 5000). Half of the 1 s an
     * operation may take; the other half covers a retry after its primary died (measured 0.4-1 s).
     */
    public static final int BACKUP_ACK_TIMEOUT_MILLIS = 500;
    public static final String RETRY_PAUSE = "hazelcast.client.invocation.retry.pause.millis";
    /** The longest pause between two retries of an operation (Hazelcast: 1000); see {@link MemberConfigYaml#RETRY_PAUSE}. */
    public static final int RETRY_PAUSE_MILLIS = 100;

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
        client.put("properties", properties(nearCache));
        if (nearCache.isEnabled()) {
            client.put("near-cache", Map.of(cluster.getSpec().getSessions().getMapName(), nearCache(nearCache)));
        }
        SessionFrameworkConfig.addSerialization(client, cluster.getSpec().getSessions().getFramework());
        return YamlText.write(Map.of("hazelcast-client", client));
    }

    private static Map<String, Object> properties(NearCacheSpec nearCache) {
        Map<String, Object> properties = new LinkedHashMap<>();
        // A smart client waits for a write's backup ack itself, and nothing tells it when the member holding the
        // backup dies: each write whose backup went to a member killed without warning waited Hazelcast's 5 s. Then
        // the write completes as successful all the same (it is applied on the primary), so wait far less.
        properties.put(BACKUP_ACK_TIMEOUT, String.valueOf(BACKUP_ACK_TIMEOUT_MILLIS));
        properties.put(RETRY_PAUSE, String.valueOf(RETRY_PAUSE_MILLIS));
        if (nearCache.isEnabled()) {
            properties.putAll(repairProperties());
        }
        return properties;
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
