package io.sessioncache.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's Prometheus metrics, per SessionCluster (labels namespace and name): what each cluster looks like as
 * of its last reconcile (members, safety, roll, halt), and what reconciling it costs (duration, errors, API writes).
 * Every meter of a cluster goes when the cluster is deleted. The names are listed in docs/observability.md.
 */
@ApplicationScoped
public class ReconcileMetrics {

    public static final String RECONCILES = "sessioncache.reconciles";
    public static final String CHILD_WRITES = "sessioncache.child.writes";
    public static final String RECONCILE_DURATION = "sessioncache.reconcile.duration";
    public static final String RECONCILE_ERRORS = "sessioncache.reconcile.errors";
    public static final String MEMBERS_DESIRED = "sessioncache.cluster.members.desired";
    public static final String MEMBERS_READY = "sessioncache.cluster.members.ready";
    public static final String MEMBERS_UPDATED = "sessioncache.cluster.members.updated";
    public static final String CLUSTER_SAFE = "sessioncache.cluster.safe";
    public static final String ROLLING = "sessioncache.cluster.rolling";
    public static final String HALTED = "sessioncache.cluster.halted";
    public static final String UPGRADE_SESSIONS_COPIED = "sessioncache.cluster.upgrade.sessions.copied";
    public static final String UPGRADE_SESSIONS_TO_COPY = "sessioncache.cluster.upgrade.sessions.to.copy";
    public static final String REASON = "reason";
    /** Reconcile duration buckets: a few cache reads and writes take milliseconds; seconds mean a slow API server. */
    static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final String PREFIX = "sessioncache.";
    private static final String NAMESPACE = "namespace";
    private static final String NAME = "name";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<ResourceID, ClusterMeters> clusters = new ConcurrentHashMap<>();

    @Inject
    public ReconcileMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    ReconcileMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A reconcile that started at {@code started} (the reconcile's clock) did its work with this many API writes. */
    void reconciled(SessionCluster cluster, int childWrites, Instant started) {
        Tags tags = tags(cluster);
        counter(RECONCILES, "Reconciles of a SessionCluster", tags).increment();
        counter(CHILD_WRITES, "Child resources created, updated or deleted", tags).increment(childWrites);
        Timer.builder(RECONCILE_DURATION).description("Time a reconcile takes, from observing to its last API write")
                .serviceLevelObjectives(DURATION_BUCKETS).tags(tags).register(registry)
                .record(Duration.between(started, clock.instant()));
    }

    /** A reconcile failed with an exception; the operator retries it. */
    void failed(SessionCluster cluster) {
        meters(cluster);
        errors(tags(cluster)).increment();
    }

    /** The gauges now show this status, the one the reconcile wrote or found already in place. */
    void reported(SessionCluster cluster, SessionClusterStatus status) {
        meters(cluster).show(ClusterGaugeValues.of(cluster, status));
    }

    /**
     * Progress of an upgrade's session copy, for the cluster's upgrade gauges; (0, 0) when no upgrade runs, which is
     * also what they show until this is called.
     */
    public void upgradeCopy(ResourceID cluster, long copied, long toCopy) {
        meters(cluster).upgradeCopy(copied, toCopy);
    }

    /** The cluster was deleted: its series end. */
    void forget(SessionCluster cluster) {
        ResourceID id = ResourceID.fromResource(cluster);
        clusters.remove(id);
        Tags tags = tags(id);
        registry.getMeters().stream()
                .filter(m -> isOf(m.getId(), tags))
                .forEach(registry::remove);
    }

    private ClusterMeters meters(SessionCluster cluster) {
        return meters(ResourceID.fromResource(cluster));
    }

    /** Registers a cluster's gauges and error counter on first use, so they are scraped (at 0) before anything happens. */
    private ClusterMeters meters(ResourceID cluster) {
        return clusters.computeIfAbsent(cluster, id -> {
            Tags tags = tags(id);
            errors(tags);
            return new ClusterMeters(registry, tags);
        });
    }

    private Counter errors(Tags tags) {
        return counter(RECONCILE_ERRORS, "Reconciles that failed with an error (each is retried)", tags);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private static boolean isOf(Meter.Id meter, Tags cluster) {
        return meter.getName().startsWith(PREFIX)
                && cluster.stream().allMatch(t -> t.getValue().equals(meter.getTag(t.getKey())));
    }

    private static Tags tags(SessionCluster cluster) {
        return tags(ResourceID.fromResource(cluster));
    }

    private static Tags tags(ResourceID cluster) {
        return Tags.of(NAMESPACE, cluster.getNamespace().orElse(""), NAME, cluster.getName());
    }
}
