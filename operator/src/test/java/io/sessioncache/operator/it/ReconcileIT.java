package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.model.MemberStatefulSet;
import io.sessioncache.operator.status.ConditionType;
import io.sessioncache.operator.status.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged operator against a real API server, StatefulSet controller and garbage collector. */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
class ReconcileIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final ClustersInNamespace sessionClusters;

    ReconcileIT(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace;
        this.sessionClusters = new ClustersInNamespace(client, namespace);
    }

    @Test
    void createsEveryChildOwnedByTheClusterAndTheStatefulSetControllerCreatesItsPods() {
        SessionCluster cluster = sessionClusters.create("children");

        String uid = cluster.getMetadata().getUid();
        List<HasMetadata> children = awaitChildren("children");
        assertThat(children).allSatisfy(child -> assertThat(child.getMetadata().getOwnerReferences())
                .singleElement().satisfies(ref -> assertThat(ref.getUid()).isEqualTo(uid)));
        assertThat(children).allSatisfy(child -> assertThat(child.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "sessioncache-operator"));
        await().atMost(CONVERGE).until(() -> pod("children-0") != null);
        assertThat(pod("children-0").getMetadata().getLabels()).containsKey("controller-revision-hash");
    }

    @Test
    void statusFollowsTheSpecGeneration() {
        sessionClusters.create("status");
        SessionCluster first = awaitObservedGeneration("status", 1);
        assertThat(Conditions.find(first.getStatus().getConditions(), ConditionType.Degraded).orElseThrow().getStatus())
                .isEqualTo("False");
        assertThat(Conditions.find(first.getStatus().getConditions(), ConditionType.Ready).orElseThrow().getStatus())
                .isEqualTo("False");
        assertThat(first.getStatus().getSelector()).contains("app.kubernetes.io/instance=status");
        String hashBefore = configHash("status");

        sessionClusters.patchSpec("status", "{\"sessions\": {\"maxIdleSeconds\": 600}}");

        awaitObservedGeneration("status", 2);
        await().atMost(CONVERGE).until(() -> !configHash("status").equals(hashBefore));
        assertThat(configMap("status-member-config").getData().get("hazelcast.yaml")).contains("max-idle-seconds: 600");
    }

    @Test
    void kubectlScaleWorksThroughTheScaleSubresource(LocalControlPlane plane) throws Exception {
        sessionClusters.create("scaled");
        awaitChildren("scaled");

        Process kubectl = new ProcessBuilder(plane.binaries().kubectl().toString(),
                "--kubeconfig", plane.adminKubeconfig().toString(), "-n", namespace.name(),
                "scale", "sessioncluster/scaled", "--replicas=5")
                .redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();

        assertThat(sessionClusters.api().withName("scaled").get().getSpec().getReplicas()).isEqualTo(5);
        await().atMost(CONVERGE).until(() -> statefulSet("scaled").getSpec().getReplicas() == 5);
    }

    @Test
    void deletingTheClusterGarbageCollectsEveryChild() {
        sessionClusters.create("doomed");
        awaitChildren("doomed");

        sessionClusters.api().withName("doomed").delete();

        await().atMost(CONVERGE).until(() -> statefulSet("doomed") == null && configMap("doomed-member-config") == null
                && configMap("doomed-client-config") == null && service("doomed") == null
                && service("doomed-members") == null && pdb("doomed") == null);
    }

    @Test
    void invalidSpecIsReportedWithAnEventAndTheLastGoodChildrenStay() {
        sessionClusters.create("invalid");
        awaitObservedGeneration("invalid", 1);
        StatefulSet before = statefulSet("invalid");

        sessionClusters.patchSpec("invalid", "{\"replicas\": 1}");

        SessionCluster degraded = awaitObservedGeneration("invalid", 2);
        var condition = Conditions.find(degraded.getStatus().getConditions(), ConditionType.Degraded).orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("InvalidSpec");
        assertThat(condition.getMessage()).contains("spec.sessions.backupCount");
        await().atMost(CONVERGE).until(() -> warnings("invalid").stream()
                .anyMatch(e -> "InvalidSpec".equals(e.getReason()) && e.getMessage().contains("spec.sessions.backupCount")));
        StatefulSet after = statefulSet("invalid");
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        // The generation counts spec writes only; the StatefulSet controller's status updates change the resourceVersion.
        assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        assertThat(configMap("invalid-member-config")).isNotNull();
    }

    @Test
    void aReconcileThatFailsIsReportedAsDegradedWithTheErrorAndOneEvent() {
        SessionCluster cluster = new SessionCluster();
        cluster.setSpec(new SessionClusterSpec());
        // Accepted by the schema, refused by the API server when it is put on the StatefulSet's pod template.
        cluster.getSpec().getPod().getLabels().put("not a label key!", "x");
        cluster.setMetadata(new ObjectMetaBuilder().withName("failing").withNamespace(namespace.name()).build());
        sessionClusters.api().resource(cluster).create();

        await().atMost(CONVERGE).until(() -> degradedReason("failing") != null);
        var degraded = Conditions.find(sessionClusters.api().withName("failing").get().getStatus().getConditions(), ConditionType.Degraded)
                .orElseThrow();
        assertThat(degraded.getReason()).isEqualTo("ReconcileFailed");
        assertThat(degraded.getMessage()).contains("StatefulSet").contains("not a label key!");
        await().atMost(CONVERGE).until(() -> !warnings("failing").isEmpty());
        // the operator retries meanwhile; the same error gives no second event
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> warnings("failing").size() == 1);
        assertThat(warnings("failing")).singleElement().satisfies(event -> {
            assertThat(event.getReason()).isEqualTo("ReconcileFailed");
            assertThat(event.getMessage()).isEqualTo(degraded.getMessage());
        });
        assertThat(statefulSet("failing")).isNull();
    }

    @Test
    void aHighAvailabilityModeChangeIsRefusedAndTheMembersKeepTheirConfig() {
        sessionClusters.create("ha-change");
        awaitObservedGeneration("ha-change", 1);
        StatefulSet before = statefulSet("ha-change");
        ConfigMap memberConfig = configMap("ha-change-member-config");

        sessionClusters.patchSpec("ha-change", "{\"highAvailability\": {\"mode\": \"Node\"}}");

        SessionCluster degraded = awaitObservedGeneration("ha-change", 2);
        var condition = Conditions.find(degraded.getStatus().getConditions(), ConditionType.Degraded).orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("UnsupportedConfigChange");
        assertThat(condition.getMessage()).contains("spec.highAvailability.mode None").contains("a member with Node");
        assertThat(statefulSet("ha-change").getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        assertThat(configMap("ha-change-member-config").getMetadata().getResourceVersion())
                .isEqualTo(memberConfig.getMetadata().getResourceVersion());
    }

    @Test
    void aChildEditedByHandIsPutBackButFieldsTheOperatorDoesNotOwnAreLeftAlone() {
        sessionClusters.create("drift");
        awaitChildren("drift");
        String rendered = configMap("drift-member-config").getData().get("hazelcast.yaml");

        client.configMaps().inNamespace(namespace.name()).withName("drift-member-config")
                .edit(cm -> {
                    cm.getData().put("hazelcast.yaml", "hazelcast: {}\n");
                    return cm;
                });
        client.services().inNamespace(namespace.name()).withName("drift")
                .edit(s -> {
                    s.getMetadata().getLabels().put("team", "checkout");
                    return s;
                });

        await().atMost(CONVERGE).until(() -> rendered.equals(configMap("drift-member-config").getData().get("hazelcast.yaml")));
        assertThat(service("drift").getMetadata().getLabels()).containsEntry("team", "checkout");
    }

    private String degradedReason(String name) {
        SessionCluster current = sessionClusters.api().withName(name).get();
        if (current.getStatus() == null) {
            return null;
        }
        return Conditions.find(current.getStatus().getConditions(), ConditionType.Degraded)
                .filter(c -> "True".equals(c.getStatus())).map(c -> c.getReason()).orElse(null);
    }

    private SessionCluster awaitObservedGeneration(String name, long generation) {
        await().atMost(CONVERGE).until(() -> {
            SessionCluster current = sessionClusters.api().withName(name).get();
            return current.getStatus() != null && current.getStatus().getObservedGeneration() != null
                    && current.getStatus().getObservedGeneration() >= generation;
        });
        return sessionClusters.api().withName(name).get();
    }

    private List<HasMetadata> awaitChildren(String name) {
        await().atMost(CONVERGE).until(() -> statefulSet(name) != null && configMap(name + "-member-config") != null
                && configMap(name + "-client-config") != null && service(name) != null
                && service(name + "-members") != null && pdb(name) != null);
        return List.of(statefulSet(name), configMap(name + "-member-config"), configMap(name + "-client-config"),
                service(name), service(name + "-members"), pdb(name));
    }

    private String configHash(String name) {
        Map<String, String> annotations = statefulSet(name).getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations.get(MemberStatefulSet.CONFIG_HASH_ANNOTATION);
    }

    private List<Event> warnings(String name) {
        return sessionClusters.events(name).stream()
                .filter(e -> "Warning".equals(e.getType()))
                .toList();
    }

    private StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(namespace.name()).withName(name).get();
    }

    private ConfigMap configMap(String name) {
        return client.configMaps().inNamespace(namespace.name()).withName(name).get();
    }

    private Service service(String name) {
        return client.services().inNamespace(namespace.name()).withName(name).get();
    }

    private PodDisruptionBudget pdb(String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(namespace.name()).withName(name).get();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace.name()).withName(name).get();
    }
}
