package io.sessioncache.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.sessioncache.operator.PrometheusText;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberHealth;
import io.sessioncache.operator.roll.MemberPlanner;
import io.sessioncache.operator.roll.MemberStep;
import io.sessioncache.operator.roll.MemberView;
import io.sessioncache.operator.roll.RestartReason;
import io.sessioncache.operator.roll.StatefulSetState;
import io.sessioncache.operator.status.StatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The operator's metrics as Prometheus scrapes them, for statuses the real StatusBuilder makes. */
class ReconcileMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final MemberHealth SAFE = new MemberHealth(true, "ACTIVE", "ACTIVE", true, 0, 3);
    private static final MemberHealth MIGRATING = new MemberHealth(true, "ACTIVE", "ACTIVE", false, 12, 3);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ReconcileMetrics metrics = new ReconcileMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC));
    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void aRollingClusterShowsItsMembersSafetyAndRoll() {
        ClusterView view = new ClusterView(new StatefulSetState(true, 3, true, 3, 3, 1, "rev-a", "rev-b"),
                members(3, SAFE), T0);
        MemberStep delete = new MemberStep.Delete("shop-sessions-1", RestartReason.CONFIGURATION_CHANGED, 2, 3);

        metrics.reported(cluster, StatusBuilder.applied(cluster, view, delete, T0));

        assertThat(gauge("sessioncache_cluster_members_desired")).isEqualTo(3);
        assertThat(gauge("sessioncache_cluster_members_ready")).isEqualTo(3);
        assertThat(gauge("sessioncache_cluster_members_updated")).isEqualTo(1);
        assertThat(gauge("sessioncache_cluster_safe")).isEqualTo(1);
        assertThat(gauge("sessioncache_cluster_rolling")).isEqualTo(1);
        assertThat(halted("")).isEqualTo(0);
    }

    @Test
    void aSteadyClusterIsNotRollingAndAMigratingOneIsNotSafe() {
        metrics.reported(cluster, StatusBuilder.applied(cluster, ready(3, SAFE), new MemberStep.Steady(), T0));
        assertThat(gauge("sessioncache_cluster_rolling")).isEqualTo(0);
        assertThat(gauge("sessioncache_cluster_safe")).isEqualTo(1);

        metrics.reported(cluster, StatusBuilder.applied(cluster, ready(3, MIGRATING), new MemberStep.Wait("migrating"), T0));
        assertThat(gauge("sessioncache_cluster_safe")).isEqualTo(0);
    }

    @Test
    void aHaltIsOneSeriesWithItsReasonThatGoesBackToZeroWhenTheHaltEnds() {
        MemberStep halt = new MemberStep.Halt(MemberPlanner.HALT_MEMBER_NOT_READY, "shop-sessions-2 has not been Ready");

        metrics.reported(cluster, StatusBuilder.applied(cluster, ready(3, SAFE), halt, T0));
        String halted = registry.scrape();
        SessionClusterStatus steady = StatusBuilder.applied(cluster, ready(3, SAFE), new MemberStep.Steady(), T0);
        metrics.reported(cluster, steady);
        String resumed = registry.scrape();

        assertThat(value(halted, "sessioncache_cluster_halted", Map.of("reason", MemberPlanner.HALT_MEMBER_NOT_READY)))
                .hasValue(1);
        assertThat(PrometheusText.count(halted, "sessioncache_cluster_halted", Map.of())).isEqualTo(1);
        assertThat(value(resumed, "sessioncache_cluster_halted", Map.of("reason", ""))).hasValue(0);
        assertThat(PrometheusText.count(resumed, "sessioncache_cluster_halted", Map.of())).isEqualTo(1);
    }

    @Test
    void aFailedReconcileCountsAnErrorAndShowsAsHalted() {
        metrics.reported(cluster, StatusBuilder.applied(cluster, ready(3, SAFE), new MemberStep.Steady(), T0));
        assertThat(gauge("sessioncache_reconcile_errors_total")).isEqualTo(0);

        metrics.failed(cluster);
        metrics.reported(cluster, StatusBuilder.failed(cluster, "KubernetesClientException: forbidden", T0));

        assertThat(gauge("sessioncache_reconcile_errors_total")).isEqualTo(1);
        assertThat(halted(StatusBuilder.REASON_RECONCILE_FAILED)).isEqualTo(1);
    }

    @Test
    void reconcileDurationIsAHistogramInSeconds() {
        metrics.reconciled(cluster, 2, T0.minus(Duration.ofMillis(30)));

        assertThat(gauge("sessioncache_reconcile_duration_seconds_count")).isEqualTo(1);
        assertThat(gauge("sessioncache_reconcile_duration_seconds_sum")).isEqualTo(0.03);
        assertThat(bucket("0.025")).isEqualTo(0);
        assertThat(bucket("0.05")).isEqualTo(1);
        assertThat(gauge("sessioncache_child_writes_total")).isEqualTo(2);
        assertThat(gauge("sessioncache_reconciles_total")).isEqualTo(1);
    }

    @Test
    void upgradeCopyGaugesReadZeroUntilAnUpgradeReportsProgress() {
        metrics.reported(cluster, StatusBuilder.applied(cluster, ready(3, SAFE), new MemberStep.Steady(), T0));
        assertThat(gauge("sessioncache_cluster_upgrade_sessions_copied")).isEqualTo(0);
        assertThat(gauge("sessioncache_cluster_upgrade_sessions_to_copy")).isEqualTo(0);

        metrics.upgradeCopy(ResourceID.fromResource(cluster), 312_000, 500_000);

        assertThat(gauge("sessioncache_cluster_upgrade_sessions_copied")).isEqualTo(312_000);
        assertThat(gauge("sessioncache_cluster_upgrade_sessions_to_copy")).isEqualTo(500_000);
    }

    @Test
    void deletingAClusterEndsEveryOneOfItsSeriesAndNoOtherCluster() {
        SessionCluster other = SessionClusters.named("other");
        for (SessionCluster c : List.of(cluster, other)) {
            metrics.reconciled(c, 1, T0);
            metrics.failed(c);
            metrics.reported(c, StatusBuilder.applied(c, ready(3, SAFE), new MemberStep.Steady(), T0));
        }
        int seriesOfOther = series(registry.scrape(), "other").size();

        metrics.forget(cluster);
        String scrape = registry.scrape();

        assertThat(series(scrape, "shop-sessions")).isEmpty();
        assertThat(series(scrape, "other")).hasSize(seriesOfOther).isNotEmpty();
    }

    private List<String> series(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith("sessioncache_") && l.contains("name=\"" + name + "\"")).toList();
    }

    private double gauge(String metric) {
        return value(registry.scrape(), metric, Map.of()).orElseThrow(() -> new AssertionError(metric + " missing"));
    }

    private double halted(String reason) {
        return value(registry.scrape(), "sessioncache_cluster_halted", Map.of("reason", reason))
                .orElseThrow(() -> new AssertionError("no halted series with reason '" + reason + "'"));
    }

    private double bucket(String le) {
        return value(registry.scrape(), "sessioncache_reconcile_duration_seconds_bucket", Map.of("le", le)).orElseThrow();
    }

    private OptionalDouble value(String scrape, String metric, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("namespace", "shop");
        all.put("name", "shop-sessions");
        return PrometheusText.value(scrape, metric, all);
    }

    private static ClusterView ready(int count, MemberHealth health) {
        return new ClusterView(new StatefulSetState(true, count, true, count, count, count, "rev-a", "rev-a"),
                members(count, health), T0);
    }

    private static List<MemberView> members(int count, MemberHealth health) {
        return IntStream.range(0, count).mapToObj(i -> MemberView.builder("shop-sessions-" + i).revision("rev-a")
                .version("5.7.0").ready(true).health(health).build()).toList();
    }
}
