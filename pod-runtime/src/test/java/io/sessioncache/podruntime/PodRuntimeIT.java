package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.TestNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The runtime on a real control plane with plain pods: scheduling, status, probes, restarts, image errors, deletion. */
@ExtendWith(ControlPlaneExtension.class)
class PodRuntimeIT {

    private static final String MEMBER_CONFIG = """
            hazelcast:
              cluster-name: runtime-it
              network:
                join:
                  multicast: {enabled: false}
            """;

    /** A member that serves /hazelcast/health, as the operator's members do. */
    private static final String MEMBER_WITH_HEALTH_CONFIG = MEMBER_CONFIG + """
                rest-api:
                  enabled: true
                  endpoint-groups:
                    HEALTH_CHECK: {enabled: true}
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** What the operator renders for Spring Session: the serializer class must be on the member's classpath. */
    private static final String SPRING_SESSION_MEMBER_CONFIG = MEMBER_CONFIG + """
              serialization:
                serializers:
                  - type-class: org.springframework.session.MapSession
                    class-name: org.springframework.session.hazelcast.HazelcastSessionSerializer
            """;

    private static KubernetesClient runtimeClient;
    private static PodRuntime runtime;

    @BeforeAll
    static void startRuntime(LocalControlPlane plane) {
        runtimeClient = plane.adminClient();
        Path work = plane.workDir().resolve("pod-runtime");
        runtime = PodRuntime.start(runtimeClient, new PodRuntime.Settings(PodRuntime.DEFAULT_NODE, work, work.resolve("hosts"),
                plane.caCertificate()));
    }

    @AfterAll
    static void stopRuntime() {
        if (runtime != null) {
            runtime.close();
        }
        if (runtimeClient != null) {
            runtimeClient.close();
        }
    }

    @Test
    void registersAReadyNodeAndRenewsItsLease(KubernetesClient client) {
        assertThat(client.nodes().withName(PodRuntime.DEFAULT_NODE).get().getStatus().getConditions())
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Lease lease = client.resources(Lease.class).inNamespace("kube-node-lease").withName(PodRuntime.DEFAULT_NODE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(PodRuntime.DEFAULT_NODE);
    }

    @Test
    void runsAMemberPodToReadyOnItsOwnLoopbackAddressAndRemovesItOnDeletion(KubernetesClient client, TestNamespace namespace)
            throws Exception {
        createConfig(client, namespace);
        client.resource(memberPod(namespace, "ready-member", pod -> pod.editSpec().withAutomountServiceAccountToken(null).endSpec()))
                .create();

        Pod ready = awaitPod(client, namespace, "ready-member", Duration.ofMinutes(2),
                pod -> pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(ready.getSpec().getNodeName()).isEqualTo(PodRuntime.DEFAULT_NODE);
        assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
        assertThat(ready.getStatus().getPodIP()).matches("127\\.0\\.0\\.([2-9]|[1-9][0-9]+)");
        assertThat(ready.getStatus().getHostIP()).isEqualTo("127.0.0.1");
        Path log = Files.list(runtime.logsDir()).filter(p -> p.getFileName().toString().contains("ready-member")).findFirst()
                .orElseThrow().resolve("hazelcast").resolve("0.log");
        assertThat(Files.readString(log)).contains("[" + ready.getStatus().getPodIP() + "]:5701");

        Path podDir = Files.list(runtime.logsDir().resolveSibling("pods"))
                .filter(p -> p.getFileName().toString().contains("ready-member")).findFirst().orElseThrow();
        try (var files = Files.walk(podDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the service-account volume the API server injected")
                    .contains("token", "ca.crt", "namespace");
        }

        client.pods().inNamespace(namespace.name()).withName("ready-member").delete();

        await("the deleted pod is gone").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.pods().inNamespace(namespace.name()).withName("ready-member").get() == null);
        assertThat(runtime.containerPid(namespace.name(), "ready-member")).isEmpty();
    }

    @Test
    void runsThePodsTheSchedulerSpreadOverNodesInThreeZonesEachOnItsOwnAddress(KubernetesClient client, TestNamespace namespace)
            throws Exception {
        List<LocalNode> zoneNodes = LocalNode.oneInEachZone(3);
        zoneNodes.forEach(runtime::addNode);
        try {
            for (LocalNode node : zoneNodes) {
                Node registered = client.nodes().withName(node.name()).get();
                assertThat(registered.getMetadata().getLabels()).containsEntry(LocalNode.ZONE_LABEL, node.zone().orElseThrow())
                        .containsEntry(LocalNode.HOSTNAME_LABEL, node.name());
                assertThat(registered.getStatus().getConditions())
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            }
            createConfig(client, namespace);
            client.resource(new ServiceBuilder().withNewMetadata().withName("spread").withNamespace(namespace.name()).endMetadata()
                    .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(Map.of("app", "spread"))
                    .addNewPort().withPort(5701).endPort().endSpec().build()).create();
            List<String> names = List.of("spread-0", "spread-1", "spread-2");
            names.forEach(name -> client.resource(memberPod(namespace, name, PodRuntimeIT::spreadOverZones)).create());

            List<Pod> ready = names.stream().map(name -> awaitPod(client, namespace, name, Duration.ofMinutes(2), PodRuntimeIT::isReady))
                    .toList();

            assertThat(ready).extracting(pod -> pod.getSpec().getNodeName()).as("one pod on each zone's node")
                    .containsExactlyInAnyOrderElementsOf(zoneNodes.stream().map(LocalNode::name).toList());
            List<String> ips = ready.stream().map(pod -> pod.getStatus().getPodIP()).toList();
            assertThat(ips).doesNotHaveDuplicates().allMatch(ip -> ip.startsWith("127.0.0."));
            for (Pod pod : ready) {
                long pid = runtime.containerPid(namespace.name(), pod.getMetadata().getName()).orElseThrow();
                assertThat(Files.readString(Path.of("/proc", String.valueOf(pid), "environ")).split("\0"))
                        .as("the downward API's spec.nodeName in " + pod.getMetadata().getName())
                        .contains("NODE_NAME=" + pod.getSpec().getNodeName());
            }
            String service = "spread." + namespace.name() + ".svc";
            await("the one hosts file lists the pods of every node").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readAllLines(runtime.hostsFile())).filteredOn(line -> line.endsWith(" " + service)
                            || line.contains(" " + service + " ")).extracting(line -> line.split("\\s+")[0])
                            .containsExactlyInAnyOrderElementsOf(ips));

            Pod onRemoved = ready.stream().filter(pod -> pod.getSpec().getNodeName().equals(zoneNodes.get(2).name())).findFirst()
                    .orElseThrow();
            runtime.removeNode(zoneNodes.get(2).name());

            assertThat(runtime.containerPid(namespace.name(), onRemoved.getMetadata().getName())).as("its container").isEmpty();
            assertThat(client.nodes().withName(zoneNodes.get(2).name()).get()).isNull();
            assertThat(client.resources(Lease.class).inNamespace("kube-node-lease").withName(zoneNodes.get(2).name()).get()).isNull();
            assertThat(runtime.nodeNames()).containsExactly(PodRuntime.DEFAULT_NODE, zoneNodes.get(0).name(), zoneNodes.get(1).name());
        } finally {
            names(client, namespace).forEach(name -> client.pods().inNamespace(namespace.name()).withName(name).withGracePeriod(0).delete());
            runtime.replaceNodes(List.of(LocalNode.DEFAULT));
        }
    }

    /** One pod per zone, and only on the zone nodes (not on the default node, which has no zone). */
    private static void spreadOverZones(PodBuilder pod) {
        pod.editMetadata().withLabels(Map.of("app", "spread")).endMetadata()
                .editSpec()
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey(LocalNode.ZONE_LABEL)
                .withWhenUnsatisfiable("DoNotSchedule").withNewLabelSelector().withMatchLabels(Map.of("app", "spread")).endLabelSelector()
                .endTopologySpreadConstraint()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey(LocalNode.ZONE_LABEL).withOperator("Exists").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .editFirstContainer().addNewEnv().withName("NODE_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv().endContainer()
                .endSpec();
    }

    private static List<String> names(KubernetesClient client, TestNamespace namespace) {
        return client.pods().inNamespace(namespace.name()).list().getItems().stream().map(pod -> pod.getMetadata().getName()).toList();
    }

    @Test
    void restartsAContainerWhoseLivenessProbeFails(KubernetesClient client, TestNamespace namespace) {
        createConfig(client, namespace);
        client.resource(memberPod(namespace, "unhealthy", pod -> pod.editSpec().editFirstContainer()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(1)).endTcpSocket()
                .withInitialDelaySeconds(1).withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
                .endContainer().endSpec())).create();

        awaitPod(client, namespace, "unhealthy", Duration.ofMinutes(2),
                pod -> container(pod) != null && container(pod).getRestartCount() >= 1);
        client.pods().inNamespace(namespace.name()).withName("unhealthy").withGracePeriod(0).delete();
    }

    @Test
    void aFrozenMemberAnswersNothingAndTurnsUnreadyUntilThawed(KubernetesClient client, TestNamespace namespace) throws Exception {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("health-config").withNamespace(namespace.name()).endMetadata()
                .withData(Map.of("hazelcast.yaml", MEMBER_WITH_HEALTH_CONFIG)).build()).serverSideApply();
        client.resource(memberPod(namespace, "frozen", pod -> pod.editSpec()
                .editFirstContainer().withNewReadinessProbe().withNewHttpGet().withPath("/hazelcast/health/ready")
                .withPort(new IntOrString("hazelcast")).endHttpGet().withPeriodSeconds(1).withTimeoutSeconds(1)
                .withFailureThreshold(2).endReadinessProbe().endContainer()
                .editFirstVolume().editConfigMap().withName("health-config").endConfigMap().endVolume()
                .endSpec())).create();
        Pod ready = awaitPod(client, namespace, "frozen", Duration.ofMinutes(2), PodRuntimeIT::isReady);
        URI health = URI.create("http://" + ready.getStatus().getPodIP() + ":5701/hazelcast/health");
        assertThat(get(health)).as("health before the freeze").isEqualTo(200);

        long pid = runtime.freeze(namespace.name(), "frozen");
        try {
            await().atMost(Duration.ofSeconds(2)).until(() -> runtime.frozen(namespace.name(), "frozen"));
            assertThat(runtime.containerPid(namespace.name(), "frozen")).contains(pid);
            assertThatThrownBy(() -> get(health)).as("a frozen member answers nothing").isInstanceOf(HttpTimeoutException.class);
            awaitPod(client, namespace, "frozen", Duration.ofSeconds(30), pod -> !isReady(pod));
        } finally {
            runtime.thaw(namespace.name(), "frozen");
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> !runtime.frozen(namespace.name(), "frozen"));
        await("the thawed member answers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> get(health) == 200);
        Pod thawed = awaitPod(client, namespace, "frozen", Duration.ofSeconds(30), PodRuntimeIT::isReady);
        assertThat(runtime.containerPid(namespace.name(), "frozen")).as("the same process, not a restarted one").contains(pid);
        assertThat(container(thawed).getRestartCount()).isZero();
        client.pods().inNamespace(namespace.name()).withName("frozen").withGracePeriod(0).delete();
    }

    @Test
    void anInitContainerCopiesTheExtensionsImageOntoTheClasspathOfAMemberThatNeedsIt(KubernetesClient client, TestNamespace namespace) {
        createConfig(client, namespace, SPRING_SESSION_MEMBER_CONFIG);
        client.resource(memberPod(namespace, "extended", pod -> withExtensions(pod, "/extensions/."))).create();

        Pod ready = awaitPod(client, namespace, "extended", Duration.ofMinutes(2),
                pod -> pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));

        ContainerStatus init = ready.getStatus().getInitContainerStatuses().get(0);
        assertThat(init.getState().getTerminated().getExitCode()).isZero();
        assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(ready.getStatus().getConditions()).anyMatch(c -> "Initialized".equals(c.getType()) && "True".equals(c.getStatus()));
        client.pods().inNamespace(namespace.name()).withName("extended").withGracePeriod(0).delete();
    }

    @Test
    void aMemberWithoutTheFrameworkJarsFailsNamingTheMissingClass(KubernetesClient client, TestNamespace namespace) throws Exception {
        createConfig(client, namespace, SPRING_SESSION_MEMBER_CONFIG);
        client.resource(memberPod(namespace, "plain", pod -> { })).create();

        awaitPod(client, namespace, "plain", Duration.ofMinutes(2),
                pod -> container(pod) != null && container(pod).getRestartCount() >= 1);

        Path log = Files.list(runtime.logsDir()).filter(p -> p.getFileName().toString().contains("_plain_")).findFirst()
                .orElseThrow().resolve("hazelcast").resolve("0.log");
        assertThat(Files.readString(log)).contains("Node creation failed")
                .contains("HazelcastSerializationException: java.lang.ClassNotFoundException: org.springframework.session.MapSession");
        client.pods().inNamespace(namespace.name()).withName("plain").withGracePeriod(0).delete();
    }

    @Test
    void aFailingInitContainerHoldsTheMemberBackAndIsRetriedAfterABackOff(KubernetesClient client, TestNamespace namespace) {
        createConfig(client, namespace);
        client.resource(memberPod(namespace, "init-fails", pod -> withExtensions(pod, "/extensions/no-such-dir/."))).create();

        Pod failing = awaitPod(client, namespace, "init-fails", Duration.ofMinutes(1), pod -> {
            List<ContainerStatus> inits = pod.getStatus().getInitContainerStatuses();
            return inits != null && !inits.isEmpty() && inits.get(0).getRestartCount() >= 1
                    && inits.get(0).getLastState() != null && inits.get(0).getLastState().getTerminated() != null;
        });

        assertThat(failing.getStatus().getInitContainerStatuses().get(0).getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(failing.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(failing.getStatus().getConditions()).anyMatch(c -> "Initialized".equals(c.getType()) && "False".equals(c.getStatus()));
        assertThat(container(failing).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(runtime.containerPid(namespace.name(), "init-fails")).as("the member never started").isEmpty();
        client.pods().inNamespace(namespace.name()).withName("init-fails").withGracePeriod(0).delete();
    }

    /** The operator's layout: an init container copies the image's jars into an emptyDir named on CLASSPATH. */
    private static void withExtensions(PodBuilder pod, String source) {
        pod.editSpec()
                .addNewInitContainer().withName("extensions").withImage("sessioncache/session-extensions:0.1.0")
                .withCommand("cp", "-R", source, "/data/extensions/image/")
                .addNewVolumeMount().withName("extensions-image").withMountPath("/data/extensions/image").endVolumeMount()
                .endInitContainer()
                .editFirstContainer()
                .addNewEnv().withName("CLASSPATH").withValue("/data/extensions/image/*").endEnv()
                .addNewVolumeMount().withName("extensions-image").withMountPath("/data/extensions/image").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("extensions-image").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec();
    }

    @Test
    void anImageThatCannotRunHereWaitsWithErrImagePull(KubernetesClient client, TestNamespace namespace) {
        client.resource(new PodBuilder().withNewMetadata().withName("web").withNamespace(namespace.name()).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().build()).create();

        Pod waiting = awaitPod(client, namespace, "web", Duration.ofMinutes(1),
                pod -> container(pod) != null && container(pod).getState().getWaiting() != null
                        && container(pod).getState().getWaiting().getReason().contains("ImagePull"));
        assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(container(waiting).getState().getWaiting().getMessage()).contains("hazelcast/hazelcast:<version>");
    }

    private static void createConfig(KubernetesClient client, TestNamespace namespace) {
        createConfig(client, namespace, MEMBER_CONFIG);
    }

    private static void createConfig(KubernetesClient client, TestNamespace namespace, String yaml) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("member-config").withNamespace(namespace.name()).endMetadata()
                .withData(Map.of("hazelcast.yaml", yaml)).build()).serverSideApply();
    }

    private static Pod memberPod(TestNamespace namespace, String name, Consumer<PodBuilder> customize) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace.name()).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(10L)
                .withAutomountServiceAccountToken(false)
                .addNewContainer().withName("hazelcast").withImage("hazelcast/hazelcast:5.7.0")
                .addNewEnv().withName("HAZELCAST_CONFIG").withValue("/data/hazelcast/hazelcast.yaml").endEnv()
                .addNewEnv().withName("JAVA_OPTS").withValue("-XX:MaxRAMPercentage=50.0").endEnv()
                .withNewResources().withLimits(Map.of("memory", new Quantity("256Mi"))).endResources()
                .addNewPort().withName("hazelcast").withContainerPort(5701).endPort()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("hazelcast")).endTcpSocket()
                .withPeriodSeconds(1).endReadinessProbe()
                .addNewVolumeMount().withName("config").withMountPath("/data/hazelcast").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("member-config").endConfigMap().endVolume()
                .endSpec();
        customize.accept(pod);
        return pod.build();
    }

    private static Pod awaitPod(KubernetesClient client, TestNamespace namespace, String name, Duration timeout,
                                java.util.function.Predicate<Pod> condition) {
        await(name + " reaches the expected state").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Pod pod = client.pods().inNamespace(namespace.name()).withName(name).get();
                    return pod != null && pod.getStatus() != null && condition.test(pod);
                });
        return client.pods().inNamespace(namespace.name()).withName(name).get();
    }

    private static int get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static ContainerStatus container(Pod pod) {
        return pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty()
                ? null : pod.getStatus().getContainerStatuses().get(0);
    }
}
