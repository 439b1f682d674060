package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.installation.Health.KStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What GitOps tools rely on: applying the same manifests again changes nothing, the operator never takes over a field
 * of spec (so Argo CD and Flux see no drift and never fight it), and status.observedGeneration with the Ready and
 * Degraded conditions lets kstatus (Flux) and the Argo CD health check in deploy/gitops report health correctly.
 */
@ExtendWith(ControlPlaneExtension.class)
class GitOpsIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String GITOPS_MANAGER = "argocd-controller";

    private final LocalControlPlane plane;
    private final KubernetesClient admin;
    private final String ns;
    private OperatorProcess operator;

    GitOpsIT(LocalControlPlane plane, KubernetesClient admin, TestNamespace namespace) {
        this.plane = plane;
        this.admin = admin;
        this.ns = namespace.name();
    }

    @BeforeAll
    static void installCrd(KubernetesClient admin) {
        Kube.installCrd(admin);
    }

    @AfterEach
    void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    @Test
    void applyingTheSameSessionClusterTwiceChangesNothing() {
        startOperator("twice");
        GenericKubernetesResource cluster = withFinalizer(sample("twice"));
        SessionClusters.apply(admin, cluster, GITOPS_MANAGER);
        await().atMost(CONVERGE).until(() -> SessionClusters.observedGeneration(get("twice")) != null);
        awaitStatusSettled("twice");
        GenericKubernetesResource before = get("twice");

        GenericKubernetesResource after = SessionClusters.apply(admin, withFinalizer(sample("twice")), GITOPS_MANAGER);

        assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    /** The manifest as a user writes it, without the finalizer: the operator adds that, and must add nothing else. */
    @Test
    void theOperatorNeverWritesToSpec() {
        startOperator("spec-owner");
        SessionClusters.apply(admin, sample("spec-owner"), GITOPS_MANAGER);
        await().atMost(CONVERGE).until(() -> SessionClusters.observedGeneration(get("spec-owner")) != null);
        awaitStatusSettled("spec-owner");

        GenericKubernetesResource cluster = get("spec-owner");
        assertThat(cluster.getMetadata().getGeneration()).as("generation: only the applier changes spec").isEqualTo(1L);
        assertThat(Manifests.map(spec(cluster), "highAvailability")).as("applied spec.highAvailability")
                .containsEntry("mode", "Zone");
        assertThat(Manifests.map(spec(cluster), "sessions", "eviction")).as("applied spec.sessions.eviction")
                .containsEntry("maxSizePolicy", "USED_HEAP_PERCENTAGE").containsEntry("size", 80);
        List<ManagedFieldsEntry> others = cluster.getMetadata().getManagedFields().stream()
                .filter(entry -> !GITOPS_MANAGER.equals(entry.getManager())).toList();
        assertThat(others).as("field managers other than the GitOps applier").allSatisfy(entry ->
                assertThat(Serialization.asJson(entry.getFieldsV1())).doesNotContain("\"f:spec\""));
    }

    @Test
    void healthIsInProgressUntilTheOperatorObservedTheGenerationAndTheClusterIsReady() {
        SessionClusters.apply(admin, withFinalizer(sample("health")), GITOPS_MANAGER);

        // Not yet seen by any operator: no observedGeneration.
        assertThat(Health.kstatus(get("health"))).isEqualTo(KStatus.InProgress);
        assertThat(Health.argoCd(get("health"))).isEqualTo("Progressing");

        startOperator("health");
        await().atMost(CONVERGE).until(() -> SessionClusters.observedGeneration(get("health")) != null);
        GenericKubernetesResource observed = get("health");
        // Observed, but the members are not Ready (this control plane runs no pods): still in progress, not healthy.
        assertThat(SessionClusters.conditionStatus(observed, "Ready")).isEqualTo("False");
        assertThat(Health.kstatus(observed)).isEqualTo(KStatus.InProgress);
        assertThat(Health.argoCd(observed)).isEqualTo("Progressing");

        operator.close();
        operator = null;
        admin.genericKubernetesResources(SessionClusters.CONTEXT).inNamespace(ns).withName("health")
                .edit(c -> {
                    spec(c).put("replicas", 5);
                    return c;
                });
        // A new generation the operator has not seen: in progress, whatever the conditions of the old one say.
        GenericKubernetesResource edited = get("health");
        assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(SessionClusters.observedGeneration(edited)).isEqualTo(1L);
        assertThat(Health.kstatus(edited)).isEqualTo(KStatus.InProgress);
        assertThat(Health.argoCd(edited)).isEqualTo("Progressing");

        startOperator("health-again");
        await().atMost(CONVERGE).until(() -> Long.valueOf(2L).equals(SessionClusters.observedGeneration(get("health"))));
    }

    @Test
    void anInvalidSpecIsDegradedForArgoCdAndNeverCurrentForKstatus() {
        startOperator("invalid");
        GenericKubernetesResource cluster = withFinalizer(sample("invalid"));
        spec(cluster).put("replicas", 1);
        SessionClusters.apply(admin, cluster, GITOPS_MANAGER);

        await().atMost(CONVERGE).until(() -> "True".equals(SessionClusters.conditionStatus(get("invalid"), "Degraded")));
        GenericKubernetesResource degraded = get("invalid");
        assertThat(SessionClusters.observedGeneration(degraded)).isEqualTo(degraded.getMetadata().getGeneration());
        assertThat(Health.argoCd(degraded)).isEqualTo("Degraded");
        assertThat(Health.kstatus(degraded)).isNotEqualTo(KStatus.Current);
    }

    @Test
    void readyAtTheObservedGenerationIsHealthyForBoth() {
        // The members cannot become Ready without a pod runtime, so the status a Ready cluster has is written by hand
        // (as admin, through the status subresource) to check the other half of both health checks.
        SessionClusters.apply(admin, sample("ready"), GITOPS_MANAGER);
        GenericKubernetesResource cluster = get("ready");
        cluster.getAdditionalProperties().put("status", Map.of(
                "observedGeneration", 1,
                "conditions", List.of(
                        condition("Ready", "True", "AllMembersReady"),
                        condition("Progressing", "False", "Stable"),
                        condition("Degraded", "False", "AsExpected"))));
        admin.genericKubernetesResources(SessionClusters.CONTEXT).inNamespace(ns).resource(cluster).updateStatus();

        GenericKubernetesResource ready = get("ready");
        assertThat(Health.kstatus(ready)).isEqualTo(KStatus.Current);
        assertThat(Health.argoCd(ready)).isEqualTo("Healthy");
    }

    private static Map<String, Object> condition(String type, String status, String reason) {
        return Map.of("type", type, "status", status, "reason", reason, "message", reason,
                "lastTransitionTime", "2026-01-01T00:00:00Z", "observedGeneration", 1);
    }

    private void startOperator(String logName) {
        operator = Kube.startOperator(plane.operatorKubeconfig(), ns, "gitops-" + logName);
    }

    /** The operator reschedules every 10 s while members are pending; wait until a status stops changing. */
    private void awaitStatusSettled(String name) {
        String[] last = {""};
        await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(12)).until(() -> {
            String current = get(name).getMetadata().getResourceVersion();
            boolean same = current.equals(last[0]);
            last[0] = current;
            return same;
        });
    }

    /**
     * With the operator's finalizer already in the manifest. JOSDK adds a missing finalizer by server-side applying a
     * default-constructed SessionCluster with force, which resets spec fields to their Java defaults
     * (theOperatorNeverWritesToSpec shows it); the other tests are about what follows, so they start past that step.
     */
    private static GenericKubernetesResource withFinalizer(GenericKubernetesResource cluster) {
        cluster.getMetadata().setFinalizers(List.of(SessionClusters.FINALIZER));
        return cluster;
    }

    private GenericKubernetesResource sample(String name) {
        GenericKubernetesResource cluster = SessionClusters.sample("production", ns);
        cluster.getMetadata().setName(name);
        return cluster;
    }

    private GenericKubernetesResource get(String name) {
        return SessionClusters.get(admin, ns, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource cluster) {
        return (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
    }
}
