package io.sessioncache.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
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
        // The controllers and the scheduler act as the admin user too: their events for earlier tests' pods may land
        // after the mark.
        assertThat(audit.writesSince(mark, LocalControlPlane.ADMIN_USER)).noneMatch(write -> write.contains("audited"));
    }

    @Test
    void auditLogKeepsTheReplicasTheOperatorWroteAndTheTypeOfItsEvents(LocalControlPlane plane) {
        AuditLog audit = plane.auditLog();
        long mark = audit.mark();

        try (KubernetesClient operator = LocalControlPlane.clientFor(plane.operatorKubeconfig())) {
            operator.resource(new StatefulSetBuilder()
                    .withNewMetadata().withName("scaled").withNamespace(namespace.name()).endMetadata()
                    .withNewSpec().withReplicas(0).withServiceName("scaled")
                    .withNewSelector().withMatchLabels(Map.of("app", "scaled")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "scaled")).endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("example/web:1").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            operator.apps().statefulSets().inNamespace(namespace.name()).withName("scaled").scale(2);
            operator.v1().events().inNamespace(namespace.name()).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName("scaled.").withNamespace(namespace.name()).endMetadata()
                    .withNewInvolvedObject().withKind("StatefulSet").withName("scaled").withNamespace(namespace.name()).endInvolvedObject()
                    .withType("Warning").withReason("Testing").withMessage("audited").build()).create();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> audit.writesSince(mark, LocalControlPlane.OPERATOR_USER).size() >= 3);
        List<AuditLog.Entry> writes = audit.entriesSince(mark).stream()
                .filter(e -> e.by(LocalControlPlane.OPERATOR_USER) && e.isWrite()).toList();
        assertThat(writes).extracting(AuditLog.Entry::describe)
                .containsExactly("create statefulsets scaled", "update statefulsets/scale scaled", "create events ");
        assertThat(writes).allSatisfy(e -> assertThat(e.succeeded()).isTrue());
        assertThat(writes.get(0).responseObject().path("spec").path("replicas").asInt(-1)).isZero();
        assertThat(writes.get(1).responseObject().path("spec").path("replicas").asInt(-1)).isEqualTo(2);
        assertThat(writes.get(2).requestObject().path("type").asText()).isEqualTo("Warning");
        assertThat(writes.get(2).requestObject().path("involvedObject").path("name").asText()).isEqualTo("scaled");
        assertThat(writes).extracting(AuditLog.Entry::received).isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now()));
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
