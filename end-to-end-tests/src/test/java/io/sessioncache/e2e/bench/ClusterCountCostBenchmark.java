package io.sessioncache.e2e.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.ProcessFootprint;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.e2e.LocalSessionCacheExtension;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.sandbox.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the operator costs as the number of SessionClusters grows (1, 10, 100, 300 by default), on the real API server
 * with the packaged operator (the Helm chart's JVM options). One "probe" cluster has three real members in the local
 * pod runtime; the others ask for a node that does not exist (a nodeSelector), so their first member stays Pending and
 * no member process starts. Each repeat starts a fresh operator and grows one namespace through the sizes; at each
 * size it measures:
 * <ul>
 *   <li>create -> children: from the create request to the last of the cluster's six children appearing (informers),
 *       for the last up to 10 clusters of the step, created one at a time (the rest of the step is created at once
 *       before, unmeasured);</li>
 *   <li>idle writes: write requests by the operator in the API server's audit log over a fixed window, starting 10 s
 *       after the StatefulSet controller created every cluster's first pod;</li>
 *   <li>RSS (VmRSS) at the end of that window, and CPU seconds (user + system) spent in it and since the start;</li>
 *   <li>spec change -> first member restart: from patching the probe cluster's spec to its first member pod being
 *       deleted by the operator, and to that member's new pod being Ready; the roll is then awaited to its end.</li>
 * </ul>
 * The Pending clusters wait on their first member: the operator looks at each again after a tenth of the time it has
 * waited, from every 0.5 s to every 5 s (a steady cluster: every 2 minutes), so their CPU is an upper bound of what
 * idle clusters cost. Their member-ready timeout is raised to an
 * hour so that none of them halts (one status write and one event each) during a window.
 *
 * <p>Run with {@code mvn -B verify -Pbenchmark -pl end-to-end-tests -am -Dit.test=ClusterCountCostBenchmark
 * -Dfailsafe.failIfNoSpecifiedTests=false}; {@code -Dbench.clusterCounts} (1,10,100,300), {@code -Dbench.repeats} (3),
 * {@code -Dbench.idleSeconds} (30). Prints a table, and writes it with every sample to
 * {@code target/benchmark-plots/cluster-count-cost.txt} and as a chart to {@code cluster-count-cost.png} beside it.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class ClusterCountCostBenchmark {

    private static final List<Integer> SIZES = Arrays.stream(System.getProperty("bench.clusterCounts", "1,10,100,300").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(Long.getLong("bench.idleSeconds", 30));
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final int TIMED_CREATES = 10;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String PROBE = "probe";
    private static final Path PLOT = Path.of("target", "benchmark-plots", "cluster-count-cost.png");
    /** The samples and the table, also written here: a forked test JVM's output can be lost when its channel breaks. */
    private static final Path FIGURES = Path.of("target", "benchmark-plots", "cluster-count-cost.txt");

    /** The figures of one size in one repeat. */
    record Sample(int clusters, List<Long> createMillis, List<String> idleWrites, long rssKiB, long idleCpuMillis,
                  long cpuMillis, long toFirstDeletionMillis, long toFirstReadyMillis) {
    }

    @Test
    void costAgainstClusterCount(KubernetesClient client, LocalStack stack) throws Exception {
        // This benchmark runs its own operator per repeat, with a fresh process's memory and CPU.
        stack.operator().close();
        List<Sample> samples = new ArrayList<>();
        try {
            for (int repeat = 1; repeat <= REPEATS; repeat++) {
                samples.addAll(repeat(client, stack, "cost-" + repeat));
                print(samples);
            }
        } finally {
            stack.restartOperator();
        }
    }

    private static List<Sample> repeat(KubernetesClient client, LocalStack stack, String ns) throws InterruptedException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        List<Sample> samples = new ArrayList<>();
        LocalControlPlane plane = stack.controlPlane();
        OperatorProcess operator = OperatorProcess.start(RepositoryRoot.find(), plane.operatorKubeconfig(),
                stack.workDir().resolve("operator-" + ns + ".log"), Map.of("WATCH_NAMESPACES", ns,
                        "SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT", "PT1H"));
        try (ChildrenSeen children = new ChildrenSeen(client, ns)) {
            long pid = jvmPid(operator);
            long cpuAtStart = ProcessFootprint.of(pid).cpuMillis();
            int existing = 0;
            for (int size : SIZES) {
                List<Long> createMillis = new ArrayList<>();
                boolean probeCreatedNow = existing == 0;
                int timedFrom = Math.max(existing, size - TIMED_CREATES);
                for (int i = existing; i < timedFrom; i++) {
                    client.resource(cluster(ns, i)).create();
                }
                for (int i = timedFrom; i < size; i++) {
                    SessionCluster cluster = cluster(ns, i);
                    String name = cluster.getMetadata().getName();
                    long sent = System.nanoTime();
                    client.resource(cluster).create();
                    long present = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                            .until(() -> children.allPresentAt(name), Optional::isPresent).orElseThrow();
                    createMillis.add((present - sent) / 1_000_000);
                }
                existing = size;
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> children.statefulSetsWithAPod() >= size);
                if (probeCreatedNow) {
                    awaitReady(client, ns, PROBE);
                }
                Thread.sleep(SETTLE.toMillis());

                long mark = plane.auditLog().mark();
                long cpuBefore = ProcessFootprint.of(pid).cpuMillis();
                Thread.sleep(IDLE_WINDOW.toMillis());
                ProcessFootprint after = ProcessFootprint.of(pid);
                List<String> writes = plane.auditLog().entriesSince(mark).stream()
                        .filter(e -> e.by(LocalControlPlane.OPERATOR_USER) && e.isWrite()).map(AuditLog.Entry::describe).toList();

                long[] restart = specChangeToFirstRestart(client, ns, size);
                samples.add(new Sample(size, createMillis, writes, after.rssKiB(), after.cpuMillis() - cpuBefore,
                        after.cpuMillis() - cpuAtStart, restart[0], restart[1]));
                System.out.printf("%s, %d clusters: %s%n", ns, size, samples.get(samples.size() - 1));
            }
        } finally {
            // The operator removes its finalizers, so it runs until the namespace is gone.
            client.namespaces().withName(ns).delete();
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> client.namespaces().withName(ns).get() == null);
            operator.close();
        }
        return samples;
    }

    /**
     * The operator JVM's pid, read once: its guard's other children are one-second sleeps, which
     * {@link OperatorProcess#pid()} can return while one is being forked.
     */
    private static long jvmPid(OperatorProcess operator) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(operator::pid,
                pid -> ProcessHandle.of(pid).flatMap(p -> p.info().command()).filter(c -> c.endsWith("java")).isPresent());
    }

    /** The probe cluster first, then clusters whose members cannot be scheduled. */
    private static SessionCluster cluster(String ns, int index) {
        SessionCluster cluster = new SessionCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(index == 0 ? PROBE : "idle-" + index).withNamespace(ns).build());
        SessionClusterSpec spec = new SessionClusterSpec();
        if (index > 0) {
            spec.getPod().setNodeSelector(Map.of("sessioncache.io/benchmark", "no-such-node"));
        }
        cluster.setSpec(spec);
        return cluster;
    }

    /**
     * Patches the probe cluster's session idle time (a member config change, so a roll) and returns the ms to the
     * first member pod's deletion and to its replacement being Ready; then waits for the roll to finish.
     */
    private static long[] specChangeToFirstRestart(KubernetesClient client, String ns, int size) {
        Map<String, String> before = probePods(client, ns).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
        long sent = System.nanoTime();
        client.resources(SessionCluster.class).inNamespace(ns).withName(PROBE).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\": {\"sessions\": {\"maxIdleSeconds\": " + (1800 + size) + "}}}");
        Pod deleted = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(
                () -> probePods(client, ns).stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null
                        || !p.getMetadata().getUid().equals(before.get(p.getMetadata().getName()))).findFirst(),
                Optional::isPresent).orElseThrow();
        long deletedAt = System.nanoTime();
        String member = deleted.getMetadata().getName();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> probePods(client, ns).stream()
                .anyMatch(p -> p.getMetadata().getName().equals(member) && !p.getMetadata().getUid().equals(before.get(member))
                        && p.getMetadata().getDeletionTimestamp() == null && ready(p)));
        long readyAt = System.nanoTime();
        awaitReady(client, ns, PROBE);
        return new long[] {(deletedAt - sent) / 1_000_000, (readyAt - sent) / 1_000_000};
    }

    private static List<Pod> probePods(KubernetesClient client, String ns) {
        return client.pods().inNamespace(ns).withLabel(ClusterLabels.INSTANCE, PROBE).list().getItems();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Ready=True at the cluster's current generation: every member up to date, Ready, and the cluster safe. */
    private static void awaitReady(KubernetesClient client, String ns, String name) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            SessionCluster current = client.resources(SessionCluster.class).inNamespace(ns).withName(name).get();
            return current.getStatus() != null
                    && current.getMetadata().getGeneration().equals(current.getStatus().getObservedGeneration())
                    && current.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    private static void print(List<Sample> samples) throws IOException {
        Map<Integer, List<Sample>> bySize = samples.stream()
                .collect(Collectors.groupingBy(Sample::clusters, TreeMap::new, Collectors.toList()));
        List<CostGrowth.Row> rows = CostGrowth.rows(bySize);
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, samples.stream().map(Sample::toString).collect(Collectors.joining("\n", "", "\n\n"))
                + CostGrowth.table(rows) + "\n");
        System.out.printf("%n== operator cost against the number of SessionClusters: packaged operator, real kube-apiserver, "
                + "one probe cluster with 3 real members, idle window %d s; median (min-max) over the repeats ==%n%n",
                IDLE_WINDOW.toSeconds());
        System.out.println(CostGrowth.table(rows));
        CostGrowthChart.writePng(CostGrowthChart.of(rows), PLOT);
        System.out.printf("plot: %s%n", PLOT.toAbsolutePath());
        Map<String, Long> writes = samples.stream().flatMap(s -> s.idleWrites().stream())
                .collect(Collectors.groupingBy(w -> w, LinkedHashMap::new, Collectors.counting()));
        if (!writes.isEmpty()) {
            System.out.printf("writes in idle windows: %s%n", writes);
        }
    }
}
