package io.sessioncache.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Figures of the operator against the real control plane: time from SessionCluster create to all six children
 * present (20 clusters), and API writes of reconciles that find everything in place. Run with
 * {@code mvn -B verify -Pbenchmark -pl operator -am}; prints its figures, asserts nothing about them.
 */
@ExtendWith(ControlPlaneExtension.class)
class ReconcileBenchmark {

    private static final int CLUSTERS = 20;

    @Test
    void createToChildrenAndIdleWrites(LocalControlPlane plane, KubernetesClient client, TestNamespace namespace) throws Exception {
        io.sessioncache.operator.it.Crds.install(client);
        Path log = Path.of("target", "benchmark-operator.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        try (OperatorProcess operator = OperatorProcess.start(RepositoryRoot.find(), plane.operatorKubeconfig(), log,
                Map.of("WATCH_NAMESPACES", namespace.name()))) {
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < CLUSTERS; i++) {
                String name = "bench-" + i;
                SessionCluster cluster = new SessionCluster();
                cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
                long start = System.nanoTime();
                client.resource(cluster).create();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> allChildren(client, namespace, name));
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            Collections.sort(millis);

            Thread.sleep(15_000);
            long mark = plane.auditLog().mark();
            double reconcilesBefore = reconciles(operator);
            Thread.sleep(30_000);
            double reconciles = reconciles(operator) - reconcilesBefore;
            long writes = plane.auditLog().writesSince(mark, LocalControlPlane.OPERATOR_USER).stream()
                    .filter(w -> !w.contains(" events ")).count();

            System.out.printf("%n== sessioncache-operator reconcile benchmark (real kube-apiserver %s) ==%n",
                    client.getKubernetesVersion().getGitVersion());
            System.out.printf("create -> all 6 children present, %d clusters: median %d ms, p95 %d ms, max %d ms%n",
                    CLUSTERS, millis.get(CLUSTERS / 2), millis.get((int) Math.ceil(CLUSTERS * 0.95) - 1), millis.get(CLUSTERS - 1));
            System.out.printf("idle: %.0f reconciles in 30 s, %d write requests (%.2f per reconcile)%n%n",
                    reconciles, writes, reconciles == 0 ? 0.0 : writes / reconciles);
        }
    }

    private static double reconciles(OperatorProcess operator) {
        return operator.metrics().lines().filter(l -> l.startsWith("sessioncache_reconciles_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static boolean allChildren(KubernetesClient client, TestNamespace namespace, String name) {
        String ns = namespace.name();
        return client.apps().statefulSets().inNamespace(ns).withName(name).get() != null
                && client.configMaps().inNamespace(ns).withName(name + "-member-config").get() != null
                && client.configMaps().inNamespace(ns).withName(name + "-client-config").get() != null
                && client.services().inNamespace(ns).withName(name).get() != null
                && client.services().inNamespace(ns).withName(name + "-members").get() != null
                && client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get() != null;
    }
}
