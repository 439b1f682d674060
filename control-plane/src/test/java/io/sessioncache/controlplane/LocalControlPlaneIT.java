package io.sessioncache.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ControlPlaneExtension.class)
class LocalControlPlaneIT {

    private final KubernetesClient client;
    private final TestNamespace namespace;

    LocalControlPlaneIT(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Test
    void apiServerReportsTheVersionItWasBuiltAt() {
        assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.34.");
        assertThat(client.getKubernetesVersion().getGitTreeState()).isEqualTo("clean");
    }

    @Test
    void eachTestClassGetsANamespaceWithItsDefaultServiceAccount() {
        assertThat(namespace.name()).startsWith("local-control-plane-it-");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.serviceAccounts().inNamespace(namespace.name()).withName("default").get() != null);
    }

    @Test
    void statefulSetControllerCreatesPodsAndTheGarbageCollectorRemovesThem() {
        StatefulSet sts = client.resource(new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace.name()).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("web")
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("example/web:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(namespace.name()).withName("web-0").get() != null);
        client.resource(sts).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(namespace.name()).withName("web-0").get() == null);
    }

    @Test
    void auditLogTellsWritesApartByUser(LocalControlPlane plane) {
        AuditLog audit = plane.auditLog();
        long mark = audit.mark();

        ConfigMap written = new ConfigMapBuilder().withNewMetadata().withName("audited").withNamespace(namespace.name())
                .endMetadata().withData(Map.of("k", "v")).build();
        try (KubernetesClient operator = LocalControlPlane.clientFor(plane.operatorKubeconfig())) {
            operator.resource(written).create();
            operator.configMaps().inNamespace(namespace.name()).withName("audited").get();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !audit.writesSince(mark, LocalControlPlane.OPERATOR_USER).isEmpty());
        assertThat(audit.writesSince(mark, LocalControlPlane.OPERATOR_USER)).containsExactly("create configmaps audited");
        assertThat(audit.writesSince(mark, LocalControlPlane.ADMIN_USER)).isEmpty();
    }

    @Test
    void closingStopsEveryProcess(LocalControlPlane shared, @TempDir Path workDir) {
        LocalControlPlane second = LocalControlPlane.start(shared.binaries(), workDir);
        List<ProcessHandle> children = ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(workDir.toString())).orElse(false))
                .toList();
        assertThat(children).isNotEmpty();

        second.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
