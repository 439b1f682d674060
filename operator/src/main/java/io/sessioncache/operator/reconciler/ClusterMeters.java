package io.sessioncache.operator.reconciler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The gauges of one SessionCluster. They read the values its last reconcile reported when Prometheus scrapes; the
 * halted gauge is registered again when its reason changes, so one series per cluster carries the present reason.
 */
final class ClusterMeters {

    /** The halted gauge's reason while not halted: Prometheus reads an empty label as no label. */
    static final String NOT_HALTED = "";

    private final MeterRegistry registry;
    private final Tags tags;
    private volatile ClusterGaugeValues values = ClusterGaugeValues.NOTHING_YET;
    private final AtomicLong upgradeSessionsCopied = new AtomicLong();
    private final AtomicLong upgradeSessionsToCopy = new AtomicLong();
    private Gauge halted;

    ClusterMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        gauge(ReconcileMetrics.MEMBERS_DESIRED, "Members the spec asks for", v -> v.membersDesired());
        gauge(ReconcileMetrics.MEMBERS_READY, "Member pods that are Ready", v -> v.membersReady());
        gauge(ReconcileMetrics.MEMBERS_UPDATED, "Member pods that run the current configuration and version",
                v -> v.membersUpdated());
        gauge(ReconcileMetrics.CLUSTER_SAFE, "1 when every member reports cluster-safe (no migration, backups in sync)",
                v -> v.safe() ? 1 : 0);
        gauge(ReconcileMetrics.ROLLING, "1 while members are being restarted one at a time onto a new revision",
                v -> v.rolling() ? 1 : 0);
        Gauge.builder(ReconcileMetrics.UPGRADE_SESSIONS_COPIED, upgradeSessionsCopied, AtomicLong::get)
                .description("Sessions copied so far into the new member set of an upgrade; 0 when no upgrade runs")
                .tags(tags).register(registry);
        Gauge.builder(ReconcileMetrics.UPGRADE_SESSIONS_TO_COPY, upgradeSessionsToCopy, AtomicLong::get)
                .description("Sessions the running upgrade copies in all; 0 when no upgrade runs")
                .tags(tags).register(registry);
        halted = registerHalted(NOT_HALTED);
    }

    synchronized void show(ClusterGaugeValues next) {
        String reason = next.halted() ? next.haltReason() : NOT_HALTED;
        if (!reason.equals(halted.getId().getTag(ReconcileMetrics.REASON))) {
            registry.remove(halted);
            halted = registerHalted(reason);
        }
        values = next;
    }

    void upgradeCopy(long copied, long toCopy) {
        upgradeSessionsCopied.set(copied);
        upgradeSessionsToCopy.set(toCopy);
    }

    private Gauge registerHalted(String reason) {
        return Gauge.builder(ReconcileMetrics.HALTED, this, m -> m.values.halted() ? 1 : 0)
                .description("1 while the operator stopped and waits for help (Degraded=True); reason: the condition's reason")
                .tags(tags).tag(ReconcileMetrics.REASON, reason)
                .strongReference(true).register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<ClusterGaugeValues> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.values)).description(description)
                .tags(tags).strongReference(true).register(registry);
    }
}
