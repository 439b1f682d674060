package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.e2e.gate.AuditedChange;
import io.sessioncache.e2e.gate.MemberRemoval;
import io.sessioncache.e2e.gate.MemberRemovals;
import io.sessioncache.e2e.load.SessionLoad;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.podruntime.LocalNode;
import io.sessioncache.sandbox.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kubectl drain} of each of three nodes in three zones in turn (cordon, evictions through the eviction API
 * retried while the budget refuses, uncordon before the next node), under live session load: no session lost or
 * stale, and from the API server's audit log, every eviction granted only while the rest of the cluster was Ready
 * and safe (see {@link io.sessioncache.e2e.gate.RemovalGate}).
 */
@ExtendWith(LocalSessionCacheExtension.class)
@NodesInZones(3)
class NodeDrainsE2E {

    private static final int SESSIONS = 10_000;
    private static final int SESSION_BYTES = 1024;
    private static final int LOAD_THREADS = 4;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(4);

    private final KubernetesClient client;
    private final E2ENamespace namespace;
    private final LocalStack stack;

    NodeDrainsE2E(KubernetesClient client, E2ENamespace namespace, LocalStack stack) {
        this.client = client;
        this.namespace = namespace;
        this.stack = stack;
    }

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {3, 5})
    void drainingEachNodeInTurnLosesNoSessionAndEvictsOnlyFromASafeCluster(int members) {
        String name = "drained-" + members;
        RunningClusters.create(client, namespace.name(), name, members, spec -> spec.getSessions().setBackupCount(1));
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), name, members);
        assertSpreadOverEveryNodeAndZone(name, members);

        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        try (SessionLoad load = new SessionLoad(hazelcast.getMap(ready.getSpec().getSessions().getMapName()), SESSIONS,
                SESSION_BYTES)) {
            load.populate();
            MemberRemovals evictions;
            List<NodeDrain.Drained> drains;
            Instant start = Instant.now();
            load.start(LOAD_THREADS);
            SessionLoad.LoadReport report;
            try (AuditedChange audited = AuditedChange.start(client, stack.controlPlane().auditLog(), namespace.name(), name,
                    members, DRAIN_TIMEOUT.multipliedBy(3), Set.of(LocalControlPlane.ADMIN_USER))) {
                try {
                    drains = NodeDrain.eachInTurn(client, stack.runtime().nodeNames(), namespace.name(), DRAIN_TIMEOUT);
                    RunningClusters.awaitReady(client, namespace.name(), name, members);
                } finally {
                    report = load.stop();
                }
                audited.close();
                evictions = audited.assertEveryRemovalSafe();
            }
            SessionLoad.Verification verification = load.verify();
            System.out.printf("drains of 3 nodes in turn, %d members: %d s, %s, %s%n  %s%n", members,
                    Duration.between(start, Instant.now()).toSeconds(), verification, report,
                    drains.stream().map(d -> "%s: %s in %d s".formatted(d.node(), d.pods(), d.took().toSeconds()))
                            .collect(Collectors.joining("; ")));

            assertThat(verification.lost()).as("sessions lost in the drains").isZero();
            assertThat(verification.stale()).as("stale sessions after the drains").isZero();
            assertThat(evictions.removals()).as("evictions granted: every member at least once, as the node it was on was drained")
                    .extracting(MemberRemoval::member)
                    .containsAll(IntStream.range(0, members).mapToObj(ordinal -> name + "-" + ordinal).toList());
            assertThat(drains).as("every node drained").extracting(NodeDrain.Drained::node)
                    .containsExactlyElementsOf(stack.runtime().nodeNames());
        } finally {
            hazelcast.shutdown();
            removeCluster(name);
        }
    }

    /** One member per node and zone, and for more members than nodes, no node with two more than another. */
    private void assertSpreadOverEveryNodeAndZone(String name, int members) {
        Map<String, String> zoneOfNode = client.nodes().list().getItems().stream()
                .filter(node -> node.getMetadata().getLabels().containsKey(LocalNode.ZONE_LABEL))
                .collect(Collectors.toMap(node -> node.getMetadata().getName(),
                        node -> node.getMetadata().getLabels().get(LocalNode.ZONE_LABEL)));
        List<Pod> pods = RunningClusters.members(client, namespace.name(), name);
        Map<String, Long> perNode = pods.stream().collect(Collectors.groupingBy(pod -> pod.getSpec().getNodeName(),
                Collectors.counting()));
        System.out.printf("%s: members per node %s%n", name, perNode);

        assertThat(pods).hasSize(members);
        assertThat(perNode.keySet()).as("nodes with a member").hasSize(3).allMatch(zoneOfNode::containsKey);
        assertThat(perNode.keySet().stream().map(zoneOfNode::get).collect(Collectors.toSet())).as("zones with a member")
                .hasSize(3);
        assertThat(spread(perNode.values())).as("most minus fewest members on a node").isLessThanOrEqualTo(1);
    }

    private static long spread(Collection<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).max().orElse(0) - counts.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Deletes the cluster and waits, bounded, for its members to be gone, so the next one does not share the cores. */
    private void removeCluster(String name) {
        client.resources(SessionCluster.class).inNamespace(namespace.name()).withName(name).delete();
        await(name + "'s members gone").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> RunningClusters.members(client, namespace.name(), name).isEmpty());
    }
}
