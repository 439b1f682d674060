package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.TestNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's RBAC is enough and nothing more: the packaged operator runs with a token of the chart's ServiceAccount
 * (exactly the permissions a pod of the chart's Deployment has) and converges a zone-aware SessionCluster, which uses
 * every rule; with any one of the probed rules removed it does not converge and the API server answers 403.
 */
@ExtendWith(ControlPlaneExtension.class)
class ChartRbacIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    /** How long a crippled operator gets to prove it cannot converge: several reconcile attempts. */
    private static final Duration FAIL_WINDOW = Duration.ofSeconds(25);

    private final LocalControlPlane plane;
    private final KubernetesClient admin;

    ChartRbacIT(LocalControlPlane plane, KubernetesClient admin) {
        this.plane = plane;
        this.admin = admin;
    }

    @BeforeAll
    static void installCrd(KubernetesClient admin) {
        Kube.installCrd(admin);
    }

    @Test
    void operatorWithOnlyTheChartsPermissionsConvergesAZoneAwareClusterWithoutA403(TestNamespace namespace) {
        String ns = namespace.name();
        String release = "rbac-" + ns.substring(ns.length() - 5);
        install(release, ns, List.of());

        try (OperatorProcess operator = startAs(release, ns, "rbac-full")) {
            SessionClusters.apply(admin, withFinalizer(SessionClusters.sample("production", ns)), "kubectl");

            await().atMost(CONVERGE).until(() -> converged(ns, "shop-sessions"));
            assertThat(admin.apps().statefulSets().inNamespace(ns).withName("shop-sessions").get()).isNotNull();
            assertThat(admin.rbac().roles().inNamespace(ns).list().getItems()).isNotEmpty();
            assertThat(admin.rbac().roleBindings().inNamespace(ns).list().getItems()).isNotEmpty();
            assertThat(nodeReaderBindings(ns)).hasSize(1);
            assertThat(admin.network().v1().networkPolicies().inNamespace(ns).withName("shop-sessions").get()).isNotNull();

            admin.genericKubernetesResources(SessionClusters.CONTEXT).inNamespace(ns).withName("shop-sessions").delete();

            // The finalizer runs: the operator deletes the cluster-scoped binding, then the resource is gone.
            await().atMost(CONVERGE).until(() -> SessionClusters.get(admin, ns, "shop-sessions") == null);
            assertThat(nodeReaderBindings(ns)).isEmpty();
            assertThat(Repository.read(operator.log())).doesNotContain("code=403").doesNotContainIgnoringCase("forbidden");
        }
    }

    @ParameterizedTest(name = "without {0} {1}")
    @CsvSource({
            // The discovery Role the operator creates grants endpointslices: the API server refuses an escalation.
            "Role, endpointslices",
            // The ClusterRoleBinding to the node reader needs bind on that ClusterRole.
            "ClusterRole, clusterroles",
            // Likewise endpoints.
            "Role, endpoints",
    })
    void operatorMissingOneRuleDoesNotConvergeAndIsRefusedWith403(String kind, String resource) {
        String ns = "rbac-minus-" + resource;
        Kube.createNamespace(admin, ns);
        String release = "minus-" + resource;
        install(release, ns, List.of(new Removal(kind, resource)));

        try (OperatorProcess operator = startAs(release, ns, "rbac-without-" + resource)) {
            SessionClusters.apply(admin, withFinalizer(SessionClusters.sample("production", ns)), "kubectl");

            await().atMost(CONVERGE).until(() -> Repository.read(operator.log()).contains("code=403"));
            await().during(FAIL_WINDOW).atMost(FAIL_WINDOW.plusSeconds(5))
                    .until(() -> !converged(ns, "shop-sessions"));
            assertThat(Repository.read(operator.log())).containsIgnoringCase("forbidden");
        } finally {
            admin.genericKubernetesResources(SessionClusters.CONTEXT).inNamespace(ns).withName("shop-sessions")
                    .edit(c -> {
                        c.getMetadata().setFinalizers(List.of());
                        return c;
                    });
            admin.namespaces().withName(ns).delete();
        }
    }

    /** Status observed for this generation and not Degraded: what a GitOps tool waits for before Ready. */
    private boolean converged(String ns, String name) {
        GenericKubernetesResource cluster = SessionClusters.get(admin, ns, name);
        Long observed = SessionClusters.observedGeneration(cluster);
        return observed != null && observed.equals(cluster.getMetadata().getGeneration())
                && "False".equals(SessionClusters.conditionStatus(cluster, "Degraded"))
                && admin.apps().statefulSets().inNamespace(ns).withName(name).get() != null;
    }

    private List<?> nodeReaderBindings(String ns) {
        return admin.rbac().clusterRoleBindings().withLabel("app.kubernetes.io/instance", "shop-sessions").list()
                .getItems().stream()
                .filter(b -> ns.equals(b.getMetadata().getLabels().get("sessioncache.io/namespace"))
                        || b.getSubjects().stream().anyMatch(s -> ns.equals(s.getNamespace())))
                .toList();
    }

    /**
     * Applied with the operator's finalizer already in place: JOSDK adds a missing finalizer by server-side applying a
     * default-constructed SessionCluster, which resets spec.highAvailability.mode to None (GitOpsIT proves and reports
     * that); this test is about RBAC, so it keeps the zone-aware spec that needs every rule.
     */
    private static GenericKubernetesResource withFinalizer(GenericKubernetesResource cluster) {
        cluster.getMetadata().setFinalizers(List.of(SessionClusters.FINALIZER));
        return cluster;
    }

    private record Removal(String kind, String resource) {
    }

    /** Applies the chart's ServiceAccount and RBAC, watching only {@code ns}, less the given rules. */
    @SuppressWarnings("unchecked")
    private void install(String release, String ns, List<Removal> removals) {
        List<GenericKubernetesResource> objects = Chart.render(release, ns, "watchNamespaces: [" + ns + "]\n").stream()
                .filter(o -> List.of("ServiceAccount", "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding")
                        .contains(o.getKind()))
                .filter(o -> !"sessioncache-member-node-reader".equals(o.getMetadata().getName()))
                .toList();
        for (Removal removal : removals) {
            GenericKubernetesResource role = objects.stream()
                    .filter(o -> removal.kind().equals(o.getKind()) && !o.getMetadata().getName().endsWith("leader-election"))
                    .filter(o -> Manifests.rules(o).stream().anyMatch(r -> r.resources().contains(removal.resource())))
                    .findFirst().orElseThrow();
            List<Map<String, Object>> rules = (List<Map<String, Object>>) role.getAdditionalProperties().get("rules");
            int before = rules.size();
            rules.removeIf(rule -> ((List<String>) rule.get("resources")).contains(removal.resource()));
            assertThat(rules).hasSize(before - 1);
        }
        Kube.apply(admin, objects);
        Kube.apply(admin, Chart.render("node-reader", ns, "").stream()
                .filter(o -> "sessioncache-member-node-reader".equals(o.getMetadata().getName())).toList());
    }

    private OperatorProcess startAs(String release, String ns, String logName) {
        Path kubeconfig = Kube.serviceAccountKubeconfig(plane, admin, ns, release + "-sessioncache-operator");
        return Kube.startOperator(kubeconfig, ns, logName);
    }
}
