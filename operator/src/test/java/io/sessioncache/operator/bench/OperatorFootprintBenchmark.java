package io.sessioncache.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorJvmOptions;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.ProcessFootprint;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.it.Crds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the operator process costs: the packaged operator (quarkus-run.jar, as the sandbox runs it) against the real
 * control plane, with the Helm chart's JVM options and, side by side in the same run, with the JVM's defaults. Each
 * run starts the operator with one SessionCluster already there, lets it settle, then adds the rest up to
 * {@code bench.clusters} (100) and lets it settle again. No pod runtime: member pods stay Pending, which costs the
 * operator what an idle cluster costs it.
 *
 * <p>Start to first reconcile is from launching {@code java} to the API server receiving the create of the first
 * cluster's StatefulSet (its server-side apply, by the audit log's requestReceivedTimestamp). RSS is VmRSS, heap is the JVM's own heap-used
 * gauge from /q/metrics, CPU is user + system time from launch to the end of the run.
 *
 * <p>Run with {@code mvn -B verify -Pbenchmark -pl operator -am -Dit.test=OperatorFootprintBenchmark
 * -Dfailsafe.failIfNoSpecifiedTests=false}; {@code -Dbench.repeats} (3), {@code -Dbench.clusters} (100),
 * {@code -Dbench.settleSeconds} (20), {@code -Dbench.variants} ("name=options;name=options", instead of the chart's
 * options and the JVM's defaults). Prints its figures, asserts nothing about them.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorFootprintBenchmark {

    private static final Duration CHILDREN_TIMEOUT = Duration.ofMinutes(3);

    record Variant(String name, List<String> jvmOptions) {
    }

    /** One figure sampled when the operator had settled with some clusters. */
    record Settled(long rssKiB, long heapUsedBytes, long threads, long cpuMillis) {
    }

    record Run(long toFirstRequestMillis, long toFirstStatefulSetMillis, Settled one, Settled many) {
    }

    @Test
    void footprintWithOneAndManyClusters(LocalControlPlane plane, KubernetesClient client) throws Exception {
        Crds.install(client);
        int repeats = Integer.getInteger("bench.repeats", 3);
        int clusters = Integer.getInteger("bench.clusters", 100);
        Duration settle = Duration.ofSeconds(Long.getLong("bench.settleSeconds", 20));
        List<Variant> variants = variants();
        Map<Variant, List<Run>> runs = new LinkedHashMap<>();
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                String namespace = "footprint-" + repeat + "-" + v;
                Run run = run(plane, client, variant, namespace, clusters, settle);
                runs.computeIfAbsent(variant, k -> new ArrayList<>()).add(run);
                System.out.printf("repeat %d, %s: %s%n", repeat, variant.name(), run);
            }
        }
        print(runs, clusters, repeats);
    }

    private static Run run(LocalControlPlane plane, KubernetesClient client, Variant variant, String namespace, int clusters,
                           Duration settle) throws InterruptedException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        try {
            createClusters(client, namespace, 0, 1);
            Path log = Path.of("target", "footprint-logs", namespace + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            long mark = plane.auditLog().mark();
            Instant launched = Instant.now();
            try (OperatorProcess operator = OperatorProcess.start(RepositoryRoot.find(), plane.operatorKubeconfig(), log,
                    Map.of("WATCH_NAMESPACES", namespace), variant.jvmOptions())) {
                awaitStatefulSets(client, namespace, 1);
                List<AuditLog.Entry> byOperator = plane.auditLog().entriesSince(mark).stream()
                        .filter(e -> e.by(LocalControlPlane.OPERATOR_USER)).toList();
                Instant firstRequest = byOperator.get(0).received();
                Instant firstStatefulSet = byOperator.stream()
                        .filter(e -> e.isWrite() && e.resource().equals("statefulsets") && e.succeeded())
                        .findFirst().orElseThrow().received();
                Thread.sleep(settle.toMillis());
                Settled one = settled(operator);
                createClusters(client, namespace, 1, clusters);
                awaitStatefulSets(client, namespace, clusters);
                Thread.sleep(settle.toMillis());
                Settled many = settled(operator);
                return new Run(Duration.between(launched, firstRequest).toMillis(),
                        Duration.between(launched, firstStatefulSet).toMillis(), one, many);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            client.namespaces().withName(namespace).delete();
        }
    }

    private static Settled settled(OperatorProcess operator) {
        ProcessFootprint footprint = ProcessFootprint.of(operator.pid());
        return new Settled(footprint.rssKiB(), heapUsed(operator), footprint.threads(), footprint.cpuMillis());
    }

    /** Sum of the heap pools' used bytes, as the operator's Micrometer JVM metrics report them. */
    private static long heapUsed(OperatorProcess operator) {
        return (long) operator.metrics().lines()
                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void createClusters(KubernetesClient client, String namespace, int from, int to) {
        for (int i = from; i < to; i++) {
            SessionCluster cluster = new SessionCluster();
            cluster.setMetadata(new ObjectMetaBuilder().withName("c-" + i).withNamespace(namespace).build());
            client.resource(cluster).create();
        }
    }

    private static void awaitStatefulSets(KubernetesClient client, String namespace, int count) {
        await().atMost(CHILDREN_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> client.apps().statefulSets().inNamespace(namespace).list().getItems().size() >= count);
    }

    /** The chart's options and the JVM's defaults, or those given in bench.variants. */
    private static List<Variant> variants() {
        String given = System.getProperty("bench.variants", "");
        if (given.isBlank()) {
            return List.of(new Variant("Helm chart's javaOptions", OperatorJvmOptions.fromChart(RepositoryRoot.find())),
                    new Variant("JVM defaults", List.of()));
        }
        List<Variant> variants = new ArrayList<>();
        for (String entry : given.split(";")) {
            int equals = entry.indexOf('=');
            variants.add(new Variant(entry.substring(0, equals).strip(), OperatorJvmOptions.split(entry.substring(equals + 1))));
        }
        return variants;
    }

    private static void print(Map<Variant, List<Run>> runs, int clusters, int repeats) {
        System.out.printf("%n== operator footprint: packaged operator, real kube-apiserver, %d repeats; median (min-max) ==%n%n", repeats);
        System.out.printf("| JVM options | start -> first API request | start -> first StatefulSet applied | RSS, 1 cluster "
                + "| heap used, 1 cluster | RSS, %1$d clusters | heap used, %1$d clusters | threads, %1$d clusters "
                + "| CPU time, start to %1$d settled |%n", clusters);
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<Variant, List<Run>> row : runs.entrySet()) {
            List<Run> r = row.getValue();
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.getKey().name(),
                    spread(r, Run::toFirstRequestMillis, OperatorFootprintBenchmark::millis),
                    spread(r, Run::toFirstStatefulSetMillis, OperatorFootprintBenchmark::millis),
                    spread(r, run -> run.one().rssKiB(), OperatorFootprintBenchmark::mebibytesOfKiB),
                    spread(r, run -> run.one().heapUsedBytes() / 1024, OperatorFootprintBenchmark::mebibytesOfKiB),
                    spread(r, run -> run.many().rssKiB(), OperatorFootprintBenchmark::mebibytesOfKiB),
                    spread(r, run -> run.many().heapUsedBytes() / 1024, OperatorFootprintBenchmark::mebibytesOfKiB),
                    spread(r, run -> run.many().threads(), String::valueOf),
                    spread(r, run -> run.many().cpuMillis(), OperatorFootprintBenchmark::seconds));
        }
        for (Variant variant : runs.keySet()) {
            System.out.printf("%s: %s%n", variant.name(), variant.jvmOptions().isEmpty() ? "(none)" : String.join(" ", variant.jvmOptions()));
        }
        System.out.println();
    }

    private static String spread(List<Run> runs, ToLongFunction<Run> figure, Function<Long, String> format) {
        return Spread.of(runs.stream().map(figure::applyAsLong).toList(), format::apply);
    }

    private static String millis(long ms) {
        return ms + " ms";
    }

    private static String mebibytesOfKiB(long kib) {
        return (kib + 512) / 1024 + " MiB";
    }

    private static String seconds(long ms) {
        return String.format("%.1f s", ms / 1000.0);
    }
}
