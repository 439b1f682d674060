package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.TestNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `helm install` (helm-java: Helm's own install code) against the real API server, then the operator the chart
 * describes, running with the installed ServiceAccount's credentials and the Deployment's settings, reconciles a sample.
 * This control plane runs no pods, so the operator runs as a process with exactly the pod's identity instead.
 */
@ExtendWith(ControlPlaneExtension.class)
class ChartInstallIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @Test
    void helmInstallsTheChartAndTheOperatorFromItReconcilesTheSample(LocalControlPlane plane, KubernetesClient admin,
                                                                     TestNamespace namespace) {
        String ns = namespace.name();
        String operatorNs = ns + "-operator";
        Path values = Chart.valuesFile("watchNamespaces: [" + ns + "]\nrbac: {createMemberNodeReader: false}\n");

        Release release = new Helm(Repository.chart()).install()
                .withName("sessions")
                .withNamespace(operatorNs)
                .createNamespace()
                .withKubeConfig(plane.adminKubeconfig())
                .withValuesFile(values)
                .call();

        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("sessionclusters.sessioncache.io").get())
                .as("the CRD from the chart's crds/").isNotNull();
        Deployment deployment = admin.apps().deployments().inNamespace(operatorNs).withName("sessions-sessioncache-operator").get();
        assertThat(deployment).isNotNull();
        String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        String watched = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> "WATCH_NAMESPACES".equals(e.getName())).findFirst().orElseThrow().getValue();
        assertThat(watched).isEqualTo(ns);
        Kube.awaitEstablished(admin, "sessionclusters.sessioncache.io");

        Path kubeconfig = Kube.serviceAccountKubeconfig(plane, admin, operatorNs, serviceAccount);
        try (OperatorProcess operator = Kube.startOperator(kubeconfig, watched, "chart-install")) {
            GenericKubernetesResource sample = SessionClusters.sample("production", ns);
            // Node-aware: Kubernetes API discovery, so the operator also creates the members' RBAC under the chart's rules.
            Manifests.map(sample.getAdditionalProperties().get("spec"), "highAvailability").put("mode", "Node");
            sample.getMetadata().setFinalizers(List.of(SessionClusters.FINALIZER));
            SessionClusters.apply(admin, sample, "kubectl");

            await().atMost(CONVERGE).until(() -> {
                GenericKubernetesResource cluster = SessionClusters.get(admin, ns, "shop-sessions");
                return Long.valueOf(1L).equals(SessionClusters.observedGeneration(cluster))
                        && "False".equals(SessionClusters.conditionStatus(cluster, "Degraded"));
            });
            assertThat(admin.apps().statefulSets().inNamespace(ns).withName("shop-sessions").get()).isNotNull();
            assertThat(admin.configMaps().inNamespace(ns).withName("shop-sessions-client-config").get()).isNotNull();
            assertThat(admin.serviceAccounts().inNamespace(ns).list().getItems())
                    .extracting(sa -> sa.getMetadata().getName()).hasSizeGreaterThan(1);
            assertThat(Repository.read(operator.log())).doesNotContain("code=403");
        } finally {
            Helm.uninstall("sessions").withNamespace(operatorNs).withKubeConfig(plane.adminKubeconfig()).call();
            values.toFile().delete();
        }
    }
}
