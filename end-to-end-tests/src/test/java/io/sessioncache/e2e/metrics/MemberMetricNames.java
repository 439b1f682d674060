package io.sessioncache.e2e.metrics;

import java.util.List;
import java.util.Map;

/**
 * The member metrics that dashboards and alerts are built on, as the hazelcast/hazelcast image's JMX exporter names
 * them: Hazelcast's Metrics MBeans become {@code com_hazelcast_Metrics_<metric>} with the MBean's keys as labels
 * ({@code instance}: the Hazelcast instance name, {@code prefix}: the metric group, {@code tag0}: e.g.
 * {@code "name=sessions"} with the quotes), next to the exporter's own JVM metrics. One metric name serves several
 * groups (size of the cluster, of a queue...), so each is listed with its prefix. MemberMetricsE2E checks that real
 * members serve every one of them.
 */
public final class MemberMetricNames {

    public static final String HAZELCAST = "com_hazelcast_Metrics_";
    public static final String MAP = "map";
    /** The label that names the map of a {@link #MAP} metric, with the quotes JMX puts around it. */
    public static final String MAP_TAG = "tag0";

    /** A Hazelcast metric: its exported name and the prefix label that picks its group. */
    public record HazelcastMetric(String name, String prefix) {

        static HazelcastMetric of(String prefix, String metric) {
            return new HazelcastMetric(HAZELCAST + metric, prefix);
        }

        /** The PromQL series selector, e.g. {@code com_hazelcast_Metrics_size{prefix="cluster"}}. */
        public String selector() {
            return name + "{prefix=\"" + prefix + "\"}";
        }
    }

    // The session map: entries, memory, operations and their total latency (ms; divide by the count for a mean).
    public static final HazelcastMetric MAP_OWNED_ENTRIES = HazelcastMetric.of(MAP, "ownedEntryCount");
    public static final HazelcastMetric MAP_BACKUP_ENTRIES = HazelcastMetric.of(MAP, "backupEntryCount");
    public static final HazelcastMetric MAP_OWNED_MEMORY = HazelcastMetric.of(MAP, "ownedEntryMemoryCost");
    public static final HazelcastMetric MAP_HEAP_COST = HazelcastMetric.of(MAP, "heapCost");
    public static final HazelcastMetric MAP_EVICTIONS = HazelcastMetric.of(MAP, "evictionCount");
    public static final HazelcastMetric MAP_EXPIRATIONS = HazelcastMetric.of(MAP, "expirationCount");
    public static final HazelcastMetric MAP_GETS = HazelcastMetric.of(MAP, "getCount");
    public static final HazelcastMetric MAP_PUTS = HazelcastMetric.of(MAP, "putCount");
    public static final HazelcastMetric MAP_SETS = HazelcastMetric.of(MAP, "setCount");
    public static final HazelcastMetric MAP_REMOVES = HazelcastMetric.of(MAP, "removeCount");
    public static final HazelcastMetric MAP_GET_LATENCY = HazelcastMetric.of(MAP, "totalGetLatency");
    public static final HazelcastMetric MAP_PUT_LATENCY = HazelcastMetric.of(MAP, "totalPutLatency");
    public static final HazelcastMetric MAP_SET_LATENCY = HazelcastMetric.of(MAP, "totalSetLatency");
    public static final HazelcastMetric MAP_REMOVE_LATENCY = HazelcastMetric.of(MAP, "totalRemoveLatency");
    // The cluster as each member sees it.
    public static final HazelcastMetric CLUSTER_SIZE = HazelcastMetric.of("cluster", "size");
    public static final HazelcastMetric CLIENT_CONNECTIONS = HazelcastMetric.of("tcp.connection", "clientCount");
    // Partitions and migrations.
    public static final HazelcastMetric PARTITIONS_LOCAL = HazelcastMetric.of("partitions", "localPartitionCount");
    public static final HazelcastMetric MIGRATION_QUEUE = HazelcastMetric.of("partitions", "migrationQueueSize");
    public static final HazelcastMetric MIGRATION_ACTIVE = HazelcastMetric.of("partitions", "migrationActive");
    public static final HazelcastMetric MIGRATIONS_COMPLETED = HazelcastMetric.of("partitions", "totalCompletedMigrations");
    // Heap as Hazelcast reports it (bytes).
    public static final HazelcastMetric HEAP_USED = HazelcastMetric.of("memory", "usedHeap");
    public static final HazelcastMetric HEAP_MAX = HazelcastMetric.of("memory", "maxHeap");
    // Operations that failed their backups or timed out.
    public static final HazelcastMetric FAILED_BACKUPS = HazelcastMetric.of("operation", "failedBackups");
    public static final HazelcastMetric BACKUP_TIMEOUTS = HazelcastMetric.of("operation.invocations", "backupTimeouts");

    public static final List<HazelcastMetric> HAZELCAST_METRICS = List.of(
            MAP_OWNED_ENTRIES, MAP_BACKUP_ENTRIES, MAP_OWNED_MEMORY, MAP_HEAP_COST, MAP_EVICTIONS, MAP_EXPIRATIONS,
            MAP_GETS, MAP_PUTS, MAP_SETS, MAP_REMOVES, MAP_GET_LATENCY, MAP_PUT_LATENCY, MAP_SET_LATENCY, MAP_REMOVE_LATENCY,
            CLUSTER_SIZE, CLIENT_CONNECTIONS, PARTITIONS_LOCAL, MIGRATION_QUEUE, MIGRATION_ACTIVE, MIGRATIONS_COMPLETED,
            HEAP_USED, HEAP_MAX, FAILED_BACKUPS, BACKUP_TIMEOUTS);

    /** The exporter's own JVM and process metrics, with a label value that picks a series where one is needed. */
    public static final Map<String, Map<String, String>> JVM_METRICS = Map.of(
            "jvm_memory_used_bytes", Map.of("area", "heap"),
            "jvm_memory_max_bytes", Map.of("area", "heap"),
            "jvm_gc_collection_seconds_sum", Map.of(),
            "jvm_threads_current", Map.of(),
            "process_cpu_seconds_total", Map.of(),
            "jmx_scrape_error", Map.of());

    private MemberMetricNames() {
    }

    /** The {@link #MAP_TAG} value of a map's metrics. */
    public static String mapTag(String mapName) {
        return "\"name=" + mapName + "\"";
    }
}
