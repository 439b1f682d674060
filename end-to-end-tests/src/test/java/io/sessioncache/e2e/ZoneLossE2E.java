package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.DiscoveryRbac;
import io.sessioncache.operator.model.MemberSet;
import io.sessioncache.podruntime.PodNetwork;
import io.sessioncache.sandbox.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Six members on three nodes in three zones, with real pod addresses (the namespace pod network): their Service's
 * EndpointSlice lists them, they find each other through the Kubernetes API, and in {@code highAvailability.mode: Zone}
 * every backup lives in another zone than its primary, so SIGKILLing both members of one zone at once loses no session.
 * The same kill with per-member partition grouping (mode None) loses sessions: that is what the zones buy.
 */
@ExtendWith(LocalSessionCacheExtension.class)
@NodesInZones(3)
class ZoneLossE2E {

    private static final int MEMBERS = 6;
    private static final int SESSIONS = 5_000;
    private static final String LOST_ZONE_NODE = "sessioncache-zone-a";

    private final KubernetesClient client;
    private final E2ENamespace namespace;
    private final LocalStack stack;

    ZoneLossE2E(KubernetesClient client, E2ENamespace namespace, LocalStack stack) {
        this.client = client;
        this.namespace = namespace;
        this.stack = stack;
    }

    @BeforeEach
    void needsRealPodAddresses() {
        PodNetwork network = stack.runtime().network();
        assumeTrue(network.mode() == PodNetwork.Mode.NAMESPACE,
                "Kubernetes-API discovery needs the namespace pod network; this run has " + network.description());
    }

    @Test
    void zoneAwareMembersFindEachOtherThroughTheApiAndLosingAWholeZoneLosesNoSession() {
        installNodeReaderClusterRole();
        String name = "zoned";
        try {
            SessionCluster ready = createReady(name, HighAvailabilitySpec.Mode.Zone);
            List<Pod> members = RunningClusters.members(client, namespace.name(), name);

            assertThat(endpointSliceAddresses(MemberSet.serving(ready).membersService()))
                    .as("addresses in the members Service's EndpointSlices").isEqualTo(podIps(members));
            assertThat(members).as("every member found the others and its zone through the Kubernetes API")
                    .allSatisfy(pod -> assertThat(firstLog(pod)).contains("Kubernetes Discovery activated with mode: KUBERNETES_API")
                            .contains("Kubernetes plugin discovered availability zone: " + zoneOf(pod)));

            long lost = killOneZoneAndCountLostSessions(ready, members);

            assertThat(lost).as("sessions lost with both members of zone-a SIGKILLed at once").isZero();
        } finally {
            removeCluster(name);
        }
    }

    @Test
    void withoutZoneGroupsTheSameKillLosesSessions() {
        String name = "ungrouped";
        try {
            SessionCluster ready = createReady(name, HighAvailabilitySpec.Mode.None);

            long lost = killOneZoneAndCountLostSessions(ready, RunningClusters.members(client, namespace.name(), name));

            // With backups on any other member, a partition dies with the pair when both its copies were on it: about
            // one in fifteen of 271 partitions, and none at all only once in some 10^8 runs.
            assertThat(lost).as("sessions lost with both members of zone-a SIGKILLed at once").isPositive();
        } finally {
            removeCluster(name);
        }
    }

    private SessionCluster createReady(String name, HighAvailabilitySpec.Mode mode) {
        RunningClusters.create(client, namespace.name(), name, MEMBERS, spec -> {
            spec.getHighAvailability().setMode(mode);
            spec.getSessions().setBackupCount(1);
        });
        return RunningClusters.awaitReady(client, namespace.name(), name, MEMBERS);
    }

    /** Writes the sessions, SIGKILLs every member on the zone-a node at once, waits for the cluster to heal, counts. */
    private long killOneZoneAndCountLostSessions(SessionCluster ready, List<Pod> members) {
        String name = ready.getMetadata().getName();
        List<Pod> victims = members.stream().filter(pod -> LOST_ZONE_NODE.equals(pod.getSpec().getNodeName())).toList();
        assertThat(victims).as("members on " + LOST_ZONE_NODE).hasSize(MEMBERS / 3);
        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try {
            RunningClusters.awaitClusterSize(hazelcast, MEMBERS);
            IMap<String, String> sessions = hazelcast.getMap(ready.getSpec().getSessions().getMapName());
            Map<String, String> written = new HashMap<>();
            for (int i = 0; i < SESSIONS; i++) {
                written.put("session-" + i, "cart-" + i);
            }
            sessions.putAll(written);
            awaitSafe(name);

            Instant killed = Instant.now();
            List<ProcessHandle> jvms = victims.stream().map(pod -> ProcessHandle.of(stack.runtime()
                    .containerPid(namespace.name(), pod.getMetadata().getName()).orElseThrow()).orElseThrow()).toList();
            jvms.forEach(ProcessHandle::destroyForcibly);

            await("both killed members restarted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> victims.stream().allMatch(pod -> restarts(pod.getMetadata().getName()) >= 1));
            RunningClusters.awaitReady(client, namespace.name(), name, MEMBERS);
            RunningClusters.awaitClusterSize(hazelcast, MEMBERS);
            awaitSafe(name);
            Map<String, String> found = sessions.getAll(written.keySet());
            long lost = written.entrySet().stream().filter(e -> !e.getValue().equals(found.get(e.getKey()))).count();
            System.out.printf("%s (%s): %d of %d sessions lost with %s SIGKILLed at once; healed in %d s%n", name,
                    ready.getSpec().getHighAvailability().getMode(), lost, SESSIONS,
                    victims.stream().map(pod -> pod.getMetadata().getName()).toList(),
                    Duration.between(killed, Instant.now()).toSeconds());
            return lost;
        } finally {
            hazelcast.shutdown();
        }
    }

    private void awaitSafe(String name) {
        await(name + " reports safe").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Boolean.TRUE.equals(RunningClusters.get(client, namespace.name(), name).getStatus().getClusterSafe()));
    }

    private int restarts(String pod) {
        Pod current = client.pods().inNamespace(namespace.name()).withName(pod).get();
        return current == null || current.getStatus().getContainerStatuses() == null
                || current.getStatus().getContainerStatuses().isEmpty() ? 0
                : current.getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    /** What the operator's installation (deploy/operator.yaml, the chart) creates and Zone clusters bind their members to. */
    private void installNodeReaderClusterRole() {
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder()
                .withNewMetadata().withName(DiscoveryRbac.NODE_READER_CLUSTER_ROLE).endMetadata()
                .addNewRule().withApiGroups("").withResources("nodes").withVerbs("get").endRule()
                .build()).serverSideApply();
    }

    private Set<String> endpointSliceAddresses(String service) {
        await("the EndpointSlices of " + service + " list every member").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> sliceAddresses(service).size() == MEMBERS);
        return sliceAddresses(service);
    }

    private Set<String> sliceAddresses(String service) {
        return client.discovery().v1().endpointSlices().inNamespace(namespace.name())
                .withLabel("kubernetes.io/service-name", service).list().getItems().stream()
                .map(EndpointSlice::getEndpoints).filter(endpoints -> endpoints != null).flatMap(List::stream)
                .map(Endpoint::getAddresses).flatMap(List::stream).collect(Collectors.toSet());
    }

    private static Set<String> podIps(List<Pod> pods) {
        return pods.stream().map(pod -> pod.getStatus().getPodIP()).collect(Collectors.toSet());
    }

    private String zoneOf(Pod pod) {
        return client.nodes().withName(pod.getSpec().getNodeName()).get().getMetadata().getLabels()
                .get(io.sessioncache.podruntime.LocalNode.ZONE_LABEL);
    }

    /** The member's log of its first start. */
    private String firstLog(Pod pod) {
        Path dir = stack.runtime().logsDir().resolve(namespace.name() + "_" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getUid());
        try (Stream<Path> logs = Files.find(dir, 2, (path, attributes) -> path.getFileName().toString().equals("0.log"))) {
            Path log = logs.findFirst().orElseThrow(() -> new AssertionError("no container log under " + dir));
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeCluster(String name) {
        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(name).delete();
        await(name + "'s members gone").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> RunningClusters.members(client, namespace.name(), name).isEmpty());
    }
}
