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
import io.sessioncache.e2e.placement.MemberClassesJar;
import io.sessioncache.e2e.placement.PartitionReplicas;
import io.sessioncache.e2e.placement.ReplicaPlacement;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
 *
 * <p>Where the replicas are is read from the members themselves, before the kill: each member runs
 * {@link PartitionReplicas} (on their classpath through {@code spec.extensions.configMap}) and returns its partition
 * table; the zone of each replica's host comes from the API server (pod IP, the pod's node, the node's zone label).
 */
@ExtendWith(LocalSessionCacheExtension.class)
@NodesInZones(3)
class ZoneLossE2E {

    private static final int MEMBERS = 6;
    private static final int SESSIONS = 5_000;
    private static final String LOST_ZONE_NODE = "sessioncache-zone-a";
    private static final int BACKUPS = 1;
    private static final String MEMBER_CLASSES = "placement-reader";
    private static final Duration PLACEMENT_READ_TIMEOUT = Duration.ofSeconds(30);

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

            ZoneLoss loss = killOneZoneAndCountLostSessions(ready, members, placement -> assertThat(
                    placement.partitionsNotSpreadOverZones())
                    .as("partitions whose backup the members placed in the primary's zone, or nowhere; by zone pair: "
                            + placement.zonePairs()).isEmpty());

            assertThat(loss.lost()).as("sessions lost with both members of zone-a SIGKILLed at once").isZero();
        } finally {
            removeCluster(name);
        }
    }

    @Test
    void withoutZoneGroupsTheSameKillLosesSessions() {
        String name = "ungrouped";
        try {
            SessionCluster ready = createReady(name, HighAvailabilitySpec.Mode.None);

            // With backups on any other member, a partition dies with the pair when both its copies were on it: about
            // one in fifteen of 271 partitions, and none at all only once in some 10^8 runs.
            ZoneLoss loss = killOneZoneAndCountLostSessions(ready, RunningClusters.members(client, namespace.name(), name),
                    placement -> assertThat(placement.partitionsNotSpreadOverZones())
                            .as("partitions with both replicas in one zone, as the members placed them").isNotEmpty());

            assertThat(loss.lost()).as("sessions lost with both members of zone-a SIGKILLed at once").isPositive()
                    .as("sessions lost, against those of the partitions the members had placed only in zone-a")
                    .isEqualTo(loss.inPartitionsOnlyInLostZone());
        } finally {
            removeCluster(name);
        }
    }

    private SessionCluster createReady(String name, HighAvailabilitySpec.Mode mode) {
        client.resource(MemberClassesJar.configMap(namespace.name(), MEMBER_CLASSES, PartitionReplicas.class)).serverSideApply();
        RunningClusters.create(client, namespace.name(), name, MEMBERS, spec -> {
            spec.getHighAvailability().setMode(mode);
            spec.getSessions().setBackupCount(BACKUPS);
            spec.getExtensions().setConfigMap(MEMBER_CLASSES);
        });
        return RunningClusters.awaitReady(client, namespace.name(), name, MEMBERS);
    }

    /** The sessions lost with zone-a, and how many were in partitions the members had placed only in zone-a. */
    private record ZoneLoss(long lost, long inPartitionsOnlyInLostZone) {
    }

    /**
     * Writes the sessions, reads from the members where they placed each partition's replicas and checks it against
     * {@code expectedPlacement}, SIGKILLs every member on the zone-a node at once, waits for the cluster to heal, counts.
     */
    private ZoneLoss killOneZoneAndCountLostSessions(SessionCluster ready, List<Pod> members,
                                                     Consumer<ReplicaPlacement> expectedPlacement) {
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
            ReplicaPlacement placement = readPlacement(hazelcast, members);
            expectedPlacement.accept(placement);
            Set<Integer> onlyInLostZone = placement.partitionsOnlyIn(zoneOf(victims.get(0)));
            long inPartitionsOnlyInLostZone = written.keySet().stream()
                    .filter(key -> onlyInLostZone.contains(hazelcast.getPartitionService().getPartition(key).getPartitionId()))
                    .count();

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
            System.out.printf("%s (%s): %d of %d sessions lost with %s SIGKILLed at once (%d in the %d partitions with every "
                            + "replica there); healed in %d s%n", name, ready.getSpec().getHighAvailability().getMode(), lost, SESSIONS,
                    victims.stream().map(pod -> pod.getMetadata().getName()).toList(), inPartitionsOnlyInLostZone,
                    onlyInLostZone.size(), Duration.between(killed, Instant.now()).toSeconds());
            return new ZoneLoss(lost, inPartitionsOnlyInLostZone);
        } finally {
            hazelcast.shutdown();
        }
    }

    /**
     * Every member's partition table, which must all be the same (the cluster is safe), with the zone of each host from
     * the API server.
     */
    private ReplicaPlacement readPlacement(HazelcastInstance hazelcast, List<Pod> members) {
        Instant start = Instant.now();
        List<String[][]> tables = hazelcast.getExecutorService("placement").submitToAllMembers(new PartitionReplicas(BACKUPS + 1))
                .values().stream().map(ZoneLossE2E::answerOf).toList();
        assertThat(tables).as("partition tables the members returned").hasSize(MEMBERS)
                .allSatisfy(table -> assertThat(table).as("a member's partition table against another's").isDeepEqualTo(tables.get(0)));
        Map<String, String> zoneOfHost = members.stream().collect(Collectors.toMap(pod -> pod.getStatus().getPodIP(), this::zoneOf));
        ReplicaPlacement placement = new ReplicaPlacement(tables.get(0), zoneOfHost);
        System.out.printf("placement read from %d members in %d ms: %d partitions, %d not spread over zones; primary -> backup zone: %s%n",
                tables.size(), Duration.between(start, Instant.now()).toMillis(), placement.partitionCount(),
                placement.partitionsNotSpreadOverZones().size(), placement.zonePairs());
        return placement;
    }

    private static <T> T answerOf(Future<T> answer) {
        try {
            return answer.get(PLACEMENT_READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a member could not read its partition table", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a member did not return its partition table within " + PLACEMENT_READ_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
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
