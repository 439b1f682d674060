package io.sessioncache.e2e.bench;

import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.e2e.E2ENamespace;
import io.sessioncache.e2e.LocalSessionCacheExtension;
import io.sessioncache.e2e.load.LatencyTimeline;
import io.sessioncache.e2e.load.SessionLoad;
import io.sessioncache.operator.api.v1alpha1.EvictionPolicy;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.model.ClientConfigYaml;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import io.sessioncache.sandbox.LocalStack;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same session load through three ways of running Hazelcast CE: this operator, a readiness-only RollingUpdate
 * with the default TERMINATE shutdown (Hazelcast's operator), and one with GRACEFUL shutdown (the Helm chart). Each
 * scenario runs on real members and prints one row; the table is printed at the end. Sizes come from system properties:
 * bench.sessions (default 50000), bench.sessionBytes (2048), bench.memory (member memory limit, 1Gi), bench.repeats (1),
 * bench.scenarios (default all: ROLL_3,SCALE_DOWN_5_TO_2,ROLL_3_WITH_SIGKILL,ROLL_3_WITH_OPERATOR_KILL). Each row is one
 * run; with repeats, a second table gives each strategy and scenario's spread (min-max) over the runs.
 * The baselines run with Hazelcast's own timeouts for a dead member ({@link Baselines#clientConfig}); the operator's
 * clusters with what it renders. ROLL_3_WITH_OPERATOR_KILL kills the operator after the roll's first member went and
 * starts it again 5 s later; the baselines have no operator in their roll, so it runs for OPERATOR only.
 * MINOR_UPGRADE (not in the default list) creates the cluster at 5.6.0 with {@code framework: HazelcastWebFilter} (the
 * fence needs a framework's members; this one adds no index, so the load's byte[] values serve) and sets spec.version to
 * 5.7.0 under load: the operator's second member set, the copy, the switch. It runs for OPERATOR only: a readiness-only
 * StatefulSet cannot make this change without losing the cluster (docs/architecture.md, "What the alternatives do").
 * A second table gives its phases (from status, read every 200 ms), the fence's length (from the operator's log) and
 * the operator's RSS before the upgrade and at its peak while it copied.
 * Each run also writes a latency-over-time chart to {@code target/benchmark-plots/<scenario>-<strategy>-<run>.png}: the
 * slowest client operation per 100 ms since the change began, with the moments each member went and came back.
 * Run: mvn -B verify -Pbenchmark -pl end-to-end-tests -Dbench.sessions=500000 -Dbench.memory=2Gi -Dbench.repeats=3
 */
@ExtendWith(LocalSessionCacheExtension.class)
class RollComparisonBenchmark {

    private static final int SESSIONS = Integer.getInteger("bench.sessions", 50_000);
    private static final int SESSION_BYTES = Integer.getInteger("bench.sessionBytes", 2048);
    private static final String MEMORY = System.getProperty("bench.memory", "1Gi");
    private static final int REPEATS = Integer.getInteger("bench.repeats", 1);
    private static final List<Scenario> SCENARIOS = Arrays.stream(System.getProperty("bench.scenarios",
            "ROLL_3,SCALE_DOWN_5_TO_2,ROLL_3_WITH_SIGKILL,ROLL_3_WITH_OPERATOR_KILL").split(",")).map(String::trim).map(Scenario::valueOf).toList();
    private static final int LOAD_THREADS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final Duration PLOT_SLOT = Duration.ofMillis(100);
    private static final Path PLOTS = Path.of("target", "benchmark-plots");

    private final List<Result> results = new ArrayList<>();

    enum Strategy { OPERATOR, TERMINATE_READINESS_ONLY, GRACEFUL_READINESS_ONLY }

    enum Scenario {
        ROLL_3, SCALE_DOWN_5_TO_2, ROLL_3_WITH_SIGKILL, ROLL_3_WITH_OPERATOR_KILL, MINOR_UPGRADE;

        /** The baselines have no operator to kill, and cannot change the minor version without losing the cluster. */
        boolean operatorOnly() {
            return this == ROLL_3_WITH_OPERATOR_KILL || this == MINOR_UPGRADE;
        }
    }

    private static final String UPGRADE_FROM = "5.6.0";
    private static final String UPGRADE_TO = "5.7.0";

    /** One MINOR_UPGRADE run beyond its row: phases, fence and the operator's memory. */
    record Upgrade(String run, UpgradeWatch.Figures figures, Optional<UpgradeWatch.Fence> fence) {
        String row() {
            Map<UpgradePhase, Duration> phases = figures.phases();
            String lengths = Arrays.stream(UpgradePhase.values())
                    .map(phase -> Optional.ofNullable(phases.get(phase)).map(d -> "%.1f".formatted(d.toMillis() / 1000.0)).orElse("-"))
                    .collect(Collectors.joining(" | "));
            double copyingSeconds = Optional.ofNullable(phases.get(UpgradePhase.Copying)).map(d -> d.toMillis() / 1000.0).orElse(0.0);
            return "| %s | %s | %s | %s | %s | %s | %s |".formatted(run, lengths,
                    copyingSeconds > 0 ? "%,.0f".formatted(SESSIONS / copyingSeconds) : "-",
                    fence.map(f -> String.valueOf(f.millis())).orElse("-"), fence.map(f -> "%,d".formatted(f.wrote())).orElse("-"),
                    figures.rssBeforeKiB() / 1024, figures.peakRssCopyingKiB() / 1024);
        }
    }

    private final List<Upgrade> upgrades = new ArrayList<>();

    record Result(Strategy strategy, Scenario scenario, long seconds, int lost, int stale, long errors,
                  double p50, double p99, double max) {
        String row() {
            return "| %-24s | %-25s | %7d s | %8d | %6d | %6d | %8.1f | %8.1f | %8.0f |".formatted(strategy, scenario,
                    seconds, lost, stale, errors, p50, p99, max);
        }
    }

    @Test
    void compareStrategies(KubernetesClient client, E2ENamespace namespace, LocalStack stack) {
        int run = 0;
        for (int repeat = 1; repeat <= REPEATS; repeat++) {
            for (Scenario scenario : SCENARIOS) {
                for (Strategy strategy : Strategy.values()) {
                    if (scenario.operatorOnly() && strategy != Strategy.OPERATOR) {
                        continue;
                    }
                    String name = "b" + (++run);
                    results.add(runOne(client, namespace.name(), stack, name, strategy, scenario));
                    printTables();
                }
            }
        }
    }

    private Result runOne(KubernetesClient client, String ns, LocalStack stack, String name, Strategy strategy, Scenario scenario) {
        int members = scenario == Scenario.SCALE_DOWN_5_TO_2 ? 5 : 3;
        SessionCluster cluster = cluster(name, ns, members);
        if (scenario == Scenario.MINOR_UPGRADE) {
            cluster.getSpec().setVersion(UPGRADE_FROM);
            cluster.getSpec().getSessions().setFramework(SessionFramework.HazelcastWebFilter);
        }
        deploy(client, cluster, strategy);
        awaitMembers(client, ns, name, members, strategy);
        ClientConfig clientConfig = strategy == Strategy.OPERATOR
                ? HazelcastConfigCheck.parseClient(ClientConfigYaml.render(cluster)) : Baselines.clientConfig(cluster);
        HazelcastInstance hazelcast = HazelcastClient.newHazelcastClient(clientConfig);
        try {
            SessionLoad load = new SessionLoad(hazelcast.getMap(cluster.getSpec().getSessions().getMapName()), SESSIONS, SESSION_BYTES);
            load.populate();
            load.start(LOAD_THREADS);
            SessionLoad.LoadReport report;
            Duration took;
            try (MemberTimeline memberEvents = MemberTimeline.watch(client, ns, name)) {
                UUID listener = hazelcast.getCluster().addMembershipListener(memberEvents);
                LatencyTimeline timeline = new LatencyTimeline(System.nanoTime(), PLOT_SLOT, TIMEOUT);
                load.recordTimeline(timeline);
                Instant start = Instant.now();
                try {
                    change(client, ns, stack, cluster, strategy, scenario, memberEvents);
                } finally {
                    report = load.stop();
                    hazelcast.getCluster().removeMembershipListener(listener);
                }
                took = Duration.between(start, Instant.now());
                plot(name, strategy, scenario, timeline, memberEvents);
            }
            SessionLoad.Verification verification = load.verify();
            return new Result(strategy, scenario, took.toSeconds(), verification.lost(), verification.stale(), report.errors(),
                    report.latency().p50Millis(), report.latency().p99Millis(), report.latency().maxMillis());
        } finally {
            hazelcast.shutdown();
            remove(client, ns, name, strategy);
        }
    }

    private static void plot(String run, Strategy strategy, Scenario scenario, LatencyTimeline timeline, MemberTimeline members) {
        String title = "%s, %s: %,d sessions of %d bytes, %d client threads (run %s)".formatted(scenario, strategy, SESSIONS,
                SESSION_BYTES, LOAD_THREADS, run);
        Path file = PLOTS.resolve("%s-%s-%s.png".formatted(scenario, strategy, run).toLowerCase(Locale.ROOT).replace('_', '-'));
        LatencyChart.writePng(LatencyChart.of(title, timeline.points(), members.events(timeline)), file);
        System.out.printf("latency over time: %s%n", file.toAbsolutePath());
    }

    static SessionCluster cluster(String name, String ns, int members) {
        SessionCluster cluster = new SessionCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid("benchmark").build());
        SessionClusterSpec spec = new SessionClusterSpec();
        spec.setReplicas(members);
        spec.getSessions().setBackupCount(1);
        // Members are sized for the sessions and nothing is evicted, so a missing session is one the roll lost.
        spec.getSessions().getEviction().setPolicy(EvictionPolicy.NONE);
        spec.getNearCache().setEnabled(false);
        spec.setResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity(MEMORY)))
                .withLimits(Map.of("memory", new Quantity(MEMORY))).build());
        cluster.setSpec(spec);
        return cluster;
    }

    static void deploy(KubernetesClient client, SessionCluster cluster, Strategy strategy) {
        switch (strategy) {
            case OPERATOR -> {
                SessionCluster resource = new SessionCluster();
                resource.setMetadata(new ObjectMetaBuilder().withName(cluster.getMetadata().getName())
                        .withNamespace(cluster.getMetadata().getNamespace()).build());
                resource.setSpec(cluster.getSpec());
                client.resource(resource).create();
            }
            case TERMINATE_READINESS_ONLY -> Baselines.READINESS_ONLY_TERMINATE.resources(cluster).forEach(r -> client.resource(r).create());
            case GRACEFUL_READINESS_ONLY -> Baselines.READINESS_ONLY_GRACEFUL.resources(cluster).forEach(r -> client.resource(r).create());
        }
    }

    private void change(KubernetesClient client, String ns, LocalStack stack, SessionCluster cluster,
                        Strategy strategy, Scenario scenario, MemberTimeline members) {
        String name = cluster.getMetadata().getName();
        switch (scenario) {
            case ROLL_3 -> {
                triggerRoll(client, ns, name, strategy);
                awaitRolled(client, ns, name, strategy, 3);
            }
            case ROLL_3_WITH_OPERATOR_KILL -> {
                List<String> uids = podUids(client, ns, name);
                triggerRoll(client, ns, name, strategy);
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> !podUids(client, ns, name).equals(uids));
                stack.operator().kill();
                sleep(Duration.ofSeconds(5));
                stack.restartOperator();
                awaitRolled(client, ns, name, strategy, 3);
            }
            case ROLL_3_WITH_SIGKILL -> {
                List<String> uids = podUids(client, ns, name);
                triggerRoll(client, ns, name, strategy);
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> !podUids(client, ns, name).equals(uids));
                // The roll has taken its first member; another one dies without warning.
                String victim = name + "-0";
                stack.runtime().containerPid(ns, victim).flatMap(ProcessHandle::of).ifPresent(member -> {
                    member.destroyForcibly();
                    members.killed(victim);
                });
                awaitRolled(client, ns, name, strategy, 3);
            }
            case MINOR_UPGRADE -> upgrades.add(upgrade(client, ns, stack, name));
            case SCALE_DOWN_5_TO_2 -> {
                if (strategy == Strategy.OPERATOR) {
                    patch(client, ns, name, "{\"spec\": {\"replicas\": 2}}");
                } else {
                    client.apps().statefulSets().inNamespace(ns).withName(name).scale(2);
                }
                awaitMembers(client, ns, name, 2, strategy);
            }
        }
    }

    /** spec.version to the next minor; over when the upgrade left status and clients use the new set, Ready. */
    private static Upgrade upgrade(KubernetesClient client, String ns, LocalStack stack, String name) {
        String newSet = name + "-5-7";
        UpgradeWatch.Figures figures;
        try (UpgradeWatch watch = UpgradeWatch.start(client, ns, name, () -> stack.operator().pid())) {
            patch(client, ns, name, "{\"spec\": {\"version\": \"" + UPGRADE_TO + "\"}}");
            awaitUntil(() -> {
                SessionCluster current = client.resources(SessionCluster.class).inNamespace(ns).withName(name).get();
                return isReady(current) && current.getStatus().getUpgrade() == null
                        && newSet.equals(current.getStatus().getMemberSet());
            });
            figures = watch.stop();
        }
        return new Upgrade(name, figures, UpgradeWatch.lastFence(stack.operator().log(), name));
    }

    private static void triggerRoll(KubernetesClient client, String ns, String name, Strategy strategy) {
        if (strategy == Strategy.OPERATOR) {
            patch(client, ns, name, "{\"spec\": {\"sessions\": {\"maxIdleSeconds\": 1860}}}");
        } else {
            client.apps().statefulSets().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\": {\"template\": {\"metadata\": {\"annotations\": {\"bench/roll\": \"" + Instant.now() + "\"}}}}}");
        }
    }

    private static void patch(KubernetesClient client, String ns, String name, String json) {
        client.resources(SessionCluster.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private static void awaitRolled(KubernetesClient client, String ns, String name, Strategy strategy, int members) {
        if (strategy == Strategy.OPERATOR) {
            awaitMembers(client, ns, name, members, strategy);
            return;
        }
        awaitUntil(() -> {
            StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(name).get();
            var status = sts.getStatus();
            return status != null && sts.getMetadata().getGeneration().equals(status.getObservedGeneration())
                    && status.getUpdateRevision() != null && status.getUpdateRevision().equals(status.getCurrentRevision())
                    && Integer.valueOf(members).equals(status.getUpdatedReplicas())
                    && Integer.valueOf(members).equals(status.getReadyReplicas());
        });
    }

    static void awaitMembers(KubernetesClient client, String ns, String name, int members, Strategy strategy) {
        if (strategy == Strategy.OPERATOR) {
            awaitUntil(() -> isReady(client.resources(SessionCluster.class).inNamespace(ns).withName(name).get()));
        } else {
            awaitUntil(() -> {
                StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(name).get();
                return sts.getStatus() != null && Integer.valueOf(members).equals(sts.getStatus().getReadyReplicas())
                        && Integer.valueOf(members).equals(sts.getStatus().getReplicas())
                        && podUids(client, ns, name).size() == members;
            });
        }
    }

    /** The operator looked at the latest spec and reports the serving set Ready. */
    private static boolean isReady(SessionCluster cluster) {
        return cluster.getStatus() != null
                && cluster.getMetadata().getGeneration().equals(cluster.getStatus().getObservedGeneration())
                && cluster.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static void remove(KubernetesClient client, String ns, String name, Strategy strategy) {
        if (strategy == Strategy.OPERATOR) {
            client.resources(SessionCluster.class).inNamespace(ns).withName(name).delete();
        } else {
            for (HasMetadata resource : Baselines.READINESS_ONLY_GRACEFUL.resources(cluster(name, ns, 1))) {
                client.resource(resource).delete();
            }
        }
        awaitUntil(() -> podUids(client, ns, name).isEmpty());
    }

    private static List<String> podUids(KubernetesClient client, String ns, String name) {
        return client.pods().inNamespace(ns).withLabel(ClusterLabels.INSTANCE, name).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getUid()).sorted().toList();
    }

    private static void awaitUntil(BooleanSupplier condition) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(condition::getAsBoolean);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void printTables() {
        System.out.printf("%n== roll comparison: %d sessions of %d bytes, backupCount 1, member memory %s ==%n",
                SESSIONS, SESSION_BYTES, MEMORY);
        System.out.println("| strategy                 | scenario                  | duration | lost     | stale  | errors | p50 ms   | p99 ms   | max ms   |");
        System.out.println("|--------------------------|---------------------------|----------|----------|--------|--------|----------|----------|----------|");
        results.forEach(result -> System.out.println(result.row()));
        System.out.printf("%n== spread over the runs of each row (min-max) ==%n");
        System.out.println("| strategy | scenario | runs | duration s | lost | stale | errors | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        Map<String, List<Result>> rows = results.stream().collect(Collectors.groupingBy(
                r -> r.strategy() + " | " + r.scenario(), LinkedHashMap::new, Collectors.toList()));
        rows.forEach((row, runs) -> System.out.printf("| %s | %d | %s | %s | %s | %s | %s | %s |%n", row, runs.size(),
                spread(runs, Result::seconds, "%.0f"), spread(runs, Result::lost, "%.0f"), spread(runs, Result::stale, "%.0f"),
                spread(runs, Result::errors, "%.0f"), spread(runs, Result::p99, "%.1f"), spread(runs, Result::max, "%.0f")));
        if (!upgrades.isEmpty()) {
            System.out.printf("%n== minor upgrade %s -> %s: phases in s (status read every 200 ms), fence from the operator's log ==%n",
                    UPGRADE_FROM, UPGRADE_TO);
            System.out.println("| run | Preparing | Copying | Switching | Removing | sessions/s over Copying | fence ms "
                    + "| last pass wrote | operator RSS before, MiB | operator RSS peak while copying, MiB |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            upgrades.forEach(upgrade -> System.out.println(upgrade.row()));
        }
    }

    private static String spread(List<Result> runs, ToDoubleFunction<Result> value, String format) {
        DoubleSummaryStatistics stats = runs.stream().mapToDouble(value).summaryStatistics();
        String min = format.formatted(stats.getMin());
        String max = format.formatted(stats.getMax());
        return min.equals(max) ? min : min + "-" + max;
    }
}
