package io.sessioncache.e2e.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.e2e.E2ENamespace;
import io.sessioncache.e2e.LocalSessionCacheExtension;
import io.sessioncache.e2e.NodeDrain;
import io.sessioncache.e2e.NodesInZones;
import io.sessioncache.e2e.load.SessionLoad;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClientConfigYaml;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import io.sessioncache.sandbox.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kubectl drain} of each of three nodes in three zones in turn, under the same session load, against this
 * operator's budget (open only while the cluster is safe) and against the baselines of {@link Baselines} with a plain
 * {@code maxUnavailable: 1} PodDisruptionBudget (what the Helm chart offers) or none. Prints sessions lost per run.
 * System properties: bench.sessions (default 20000), bench.sessionBytes (2048), bench.memory (1Gi), bench.repeats (1),
 * bench.members (default 3,5), bench.drainStrategies (default all of {@link Strategy}).
 * Run: mvn -B verify -Pbenchmark -pl end-to-end-tests -am -Dit.test=NodeDrainBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 */
@ExtendWith(LocalSessionCacheExtension.class)
@NodesInZones(3)
class NodeDrainBenchmark {

    private static final int SESSIONS = Integer.getInteger("bench.sessions", 20_000);
    private static final int SESSION_BYTES = Integer.getInteger("bench.sessionBytes", 2048);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 1);
    private static final List<Integer> MEMBERS = Arrays.stream(System.getProperty("bench.members", "3,5").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private static final List<Strategy> STRATEGIES = Arrays.stream(System.getProperty("bench.drainStrategies",
            Arrays.stream(Strategy.values()).map(Enum::name).collect(Collectors.joining(","))).split(","))
            .map(String::trim).map(Strategy::valueOf).toList();
    private static final int LOAD_THREADS = 4;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    /** Who runs the members, and which budget the drains meet. */
    enum Strategy {
        OPERATOR(RollComparisonBenchmark.Strategy.OPERATOR, false),
        GRACEFUL_PDB_MAX_UNAVAILABLE_1(RollComparisonBenchmark.Strategy.GRACEFUL_READINESS_ONLY, true),
        GRACEFUL_NO_PDB(RollComparisonBenchmark.Strategy.GRACEFUL_READINESS_ONLY, false),
        TERMINATE_PDB_MAX_UNAVAILABLE_1(RollComparisonBenchmark.Strategy.TERMINATE_READINESS_ONLY, true),
        TERMINATE_NO_PDB(RollComparisonBenchmark.Strategy.TERMINATE_READINESS_ONLY, false);

        private final RollComparisonBenchmark.Strategy members;
        private final boolean plainBudget;

        Strategy(RollComparisonBenchmark.Strategy members, boolean plainBudget) {
            this.members = members;
            this.plainBudget = plainBudget;
        }
    }

    record Result(Strategy strategy, int members, long seconds, int evictions, int lost, int stale, long errors, double max) {
        String row() {
            return "| %-31s | %7d | %6d s | %9d | %6d | %5d | %6d | %8.0f |".formatted(strategy, members, seconds, evictions, lost,
                    stale, errors, max);
        }
    }

    private final List<Result> results = new ArrayList<>();

    @Test
    void drainEachNodeInTurn(KubernetesClient client, E2ENamespace namespace, LocalStack stack) {
        int run = 0;
        for (int repeat = 1; repeat <= REPEATS; repeat++) {
            for (int members : MEMBERS) {
                for (Strategy strategy : STRATEGIES) {
                    results.add(runOne(client, namespace.name(), stack, "d" + (++run), strategy, members));
                    printTables();
                }
            }
        }
    }

    private Result runOne(KubernetesClient client, String ns, LocalStack stack, String name, Strategy strategy, int members) {
        SessionCluster cluster = RollComparisonBenchmark.cluster(name, ns, members);
        RollComparisonBenchmark.deploy(client, cluster, strategy.members);
        if (strategy.plainBudget) {
            client.resource(plainBudget(cluster)).create();
        }
        RollComparisonBenchmark.awaitMembers(client, ns, name, members, strategy.members);
        ClientConfig clientConfig = strategy == Strategy.OPERATOR
                ? HazelcastConfigCheck.parseClient(ClientConfigYaml.render(cluster)) : Baselines.clientConfig(cluster);
        HazelcastInstance hazelcast = HazelcastClient.newHazelcastClient(clientConfig);
        try (SessionLoad load = new SessionLoad(hazelcast.getMap(cluster.getSpec().getSessions().getMapName()), SESSIONS,
                SESSION_BYTES)) {
            load.populate();
            load.start(LOAD_THREADS);
            Instant start = Instant.now();
            List<NodeDrain.Drained> drains;
            SessionLoad.LoadReport report;
            try {
                drains = NodeDrain.eachInTurn(client, stack.runtime().nodeNames(), ns, DRAIN_TIMEOUT);
                RollComparisonBenchmark.awaitMembers(client, ns, name, members, strategy.members);
            } finally {
                report = load.stop();
            }
            long seconds = Duration.between(start, Instant.now()).toSeconds();
            SessionLoad.Verification verification = load.verify();
            int evictions = drains.stream().mapToInt(drained -> drained.pods().size()).sum();
            System.out.printf("%s, %d members: %s%n", strategy, members, drains);
            return new Result(strategy, members, seconds, evictions, verification.lost(), verification.stale(), report.errors(),
                    report.latency().maxMillis());
        } finally {
            hazelcast.shutdown();
            if (strategy.plainBudget) {
                client.resource(plainBudget(cluster)).delete();
            }
            RollComparisonBenchmark.remove(client, ns, name, strategy.members);
        }
    }

    /** The budget a plain StatefulSet gets from the Helm chart: one pod may be unavailable, Ready or not. */
    private static PodDisruptionBudget plainBudget(SessionCluster cluster) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace()).endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(ClusterLabels.selector(cluster)).endSelector().endSpec().build();
    }

    private void printTables() {
        System.out.printf("%n== node drains in turn (3 nodes, 3 zones): %d sessions of %d bytes, backupCount 1 ==%n", SESSIONS,
                SESSION_BYTES);
        System.out.println("| strategy                        | members | duration | evictions | lost   | stale | errors | max ms   |");
        System.out.println("|---------------------------------|---------|----------|-----------|--------|-------|--------|----------|");
        results.forEach(result -> System.out.println(result.row()));
        System.out.printf("%n== sessions lost per run, by strategy and members ==%n");
        Map<String, List<Result>> rows = results.stream().collect(Collectors.groupingBy(
                r -> r.strategy() + " | " + r.members(), LinkedHashMap::new, Collectors.toList()));
        rows.forEach((row, runs) -> {
            IntSummaryStatistics lost = runs.stream().mapToInt(Result::lost).summaryStatistics();
            System.out.printf("| %s | %d runs | lost %s (min %d, max %d) |%n", row, runs.size(),
                    runs.stream().map(r -> String.valueOf(r.lost())).collect(Collectors.joining(", ")), lost.getMin(), lost.getMax());
        });
    }
}
