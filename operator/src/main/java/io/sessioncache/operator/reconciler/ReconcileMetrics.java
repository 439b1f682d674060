package io.sessioncache.operator.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import jakarta.enterprise.context.ApplicationScoped;

/** Prometheus counters that show an idle operator stays idle: reconciles go up, writes do not. */
@ApplicationScoped
public class ReconcileMetrics {

    public static final String RECONCILES = "sessioncache.reconciles";
    public static final String CHILD_WRITES = "sessioncache.child.writes";

    private final MeterRegistry registry;

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void reconciled(SessionCluster cluster, int childWrites) {
        counter(RECONCILES, "Reconciles of a SessionCluster", cluster).increment();
        counter(CHILD_WRITES, "Child resources created, updated or deleted", cluster).increment(childWrites);
    }

    private Counter counter(String name, String description, SessionCluster cluster) {
        return Counter.builder(name).description(description)
                .tag("namespace", cluster.getMetadata().getNamespace())
                .tag("name", cluster.getMetadata().getName())
                .register(registry);
    }
}
