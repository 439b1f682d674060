package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An unchanged cluster costs the API server nothing: reconciles that find everything in place write nothing, and an
 * operator restart against running clusters changes nothing. Writes are counted in the API server's audit log.
 */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
class IdempotenceIT {

    private static final Duration QUIET = Duration.ofSeconds(5);
    private final LocalControlPlane plane;
    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final RunningOperator operator;

    IdempotenceIT(LocalControlPlane plane, KubernetesClient client, TestNamespace namespace, RunningOperator operator) {
        this.plane = plane;
        this.client = client;
        this.namespace = namespace;
        this.operator = operator;
    }

    @Test
    void aReconcileThatFindsEverythingInPlaceWritesNothing() {
        converge("steady", spec -> { });

        assertNoWritesWhenReconciledAgain("steady");
    }

    @Test
    void aClusterWithFrameworkExtensionsWritesNothingOnceConverged() {
        converge("framework", spec -> {
            spec.getSessions().setMapName("spring:session:sessions");
            spec.getSessions().setFramework(SessionFramework.SpringSession);
            spec.getExtensions().setConfigMap("shop-jars");
        });

        assertNoWritesWhenReconciledAgain("framework");
    }

    private void assertNoWritesWhenReconciledAgain(String name) {
        double reconcilesBefore = OperatorMetrics.reconciles(operator.process(), namespace.name(), name);
        long mark = plane.auditLog().mark();

        // A change to a child the operator watches makes it reconcile the cluster again.
        client.configMaps().inNamespace(namespace.name()).withName(name + "-member-config")
                .edit(cm -> {
                    cm.getMetadata().getAnnotations().put("touched-by", "test");
                    return cm;
                });

        await().atMost(Duration.ofSeconds(30))
                .until(() -> OperatorMetrics.reconciles(operator.process(), namespace.name(), name) > reconcilesBefore);
        Pause.of(QUIET);
        assertThat(operatorWrites(mark)).as("operator writes after a no-op reconcile").isEmpty();
    }

    @Test
    void anOperatorRestartWritesNothingAndRestartsNoPod() {
        converge("restarted", spec -> { });
        Map<String, String> podUids = podUids("restarted");
        long mark = plane.auditLog().mark();

        operator.restart();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OperatorMetrics.reconciles(operator.process(), namespace.name(), "restarted") >= 1);
        Pause.of(QUIET);

        assertThat(operatorWrites(mark)).as("operator writes after a restart").isEmpty();
        assertThat(podUids("restarted")).isEqualTo(podUids);
    }

    /** Creates a cluster and waits until the operator has stopped writing for it. */
    private void converge(String name, java.util.function.Consumer<SessionClusterSpec> customize) {
        SessionCluster cluster = new SessionCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace.name()).build());
        SessionClusterSpec spec = new SessionClusterSpec();
        customize.accept(spec);
        cluster.setSpec(spec);
        client.resource(cluster).create();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            long mark = plane.auditLog().mark();
            Pause.of(QUIET);
            SessionCluster current = client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(name).get();
            boolean observed = current.getStatus() != null && current.getStatus().getObservedGeneration() != null;
            if (observed && operatorWrites(mark).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the operator kept writing for " + name + ": " + operatorWrites(0));
    }

    private List<String> operatorWrites(long mark) {
        return plane.auditLog().writesSince(mark, LocalControlPlane.OPERATOR_USER).stream()
                .filter(w -> !w.startsWith("create events") && !w.startsWith("patch events"))
                .filter(w -> !w.contains(" leases "))
                .toList();
    }

    private Map<String, String> podUids(String cluster) {
        return client.pods().inNamespace(namespace.name()).withLabel("app.kubernetes.io/instance", cluster).list().getItems()
                .stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

}
