package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.e2e.gate.AuditedChange;
import io.sessioncache.e2e.gate.MemberRemoval;
import io.sessioncache.e2e.gate.MemberRemovals;
import io.sessioncache.e2e.gate.RemovalGate;
import io.sessioncache.e2e.load.SessionLoad;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.sandbox.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product's promise under live load: clients keep reading and updating sessions through the published client
 * config while the operator rolls members, is killed mid-roll, loses a member to SIGKILL mid-roll, scales down, and
 * while every node is drained at once.
 * After each, every session is present with its latest value. Client errors and latency during each change are printed.
 * One at a time is proven from the API server's audit log: every pod delete and replicas decrease by the operator is
 * checked against the member health an independent sampler saw just before it (see {@link RemovalGate}).
 */
@ExtendWith(LocalSessionCacheExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollUnderLoadE2E {

    private static final String NAME = "rolled";
    private static final int SESSIONS = 20_000;
    private static final int SESSION_BYTES = 1024;
    private static final int LOAD_THREADS = 4;
    private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(8);

    private static HazelcastInstance hazelcast;
    private static SessionLoad load;
    private static int maxIdle = 1800;

    private final KubernetesClient client;
    private final E2ENamespace namespace;
    private final LocalStack stack;

    RollUnderLoadE2E(KubernetesClient client, E2ENamespace namespace, LocalStack stack) {
        this.client = client;
        this.namespace = namespace;
        this.stack = stack;
    }

    @BeforeAll
    static void createClusterAndSessions(KubernetesClient client, E2ENamespace namespace) {
        RunningClusters.create(client, namespace.name(), NAME, 3, spec -> spec.getSessions().setBackupCount(1));
        SessionCluster ready = RunningClusters.awaitReady(client, namespace.name(), NAME, 3);
        hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        RunningClusters.awaitClusterSize(hazelcast, 3);
        IMap<String, byte[]> sessions = hazelcast.getMap(ready.getSpec().getSessions().getMapName());
        load = new SessionLoad(sessions, SESSIONS, SESSION_BYTES);
        load.populate();
    }

    @AfterAll
    static void closeClient() {
        if (load != null) {
            load.close();
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
    }

    @Test
    @Order(1)
    void aConfigurationChangeRollsEveryMemberOnceWithoutLosingASession() {
        Map<String, String> before = podUids();

        MemberRemovals removals = audited(() -> underLoad("configuration change roll", () -> {
            changeMemberConfig();
            awaitRolledAndReady(before);
        }));

        assertThat(podUids().keySet()).isEqualTo(before.keySet());
        assertThat(podUids().values()).doesNotContainAnyElementsOf(before.values());
        assertThat(removals.removals()).as("pods the operator deleted, one per member")
                .extracting(MemberRemoval::member).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(removals.replicas()).containsExactly(3);
        List<String> restarts = restartEvents(before.keySet());
        assertThat(restarts).hasSize(3).allSatisfy(message -> assertThat(message).contains("configuration changed"));
    }

    @Test
    @Order(2)
    void anOperatorKilledMidRollResumesWhereItWas() {
        Map<String, String> before = podUids();

        MemberRemovals removals = audited(() -> underLoad("roll with the operator killed mid-roll", () -> {
            changeMemberConfig();
            awaitFirstRestart(before);
            stack.operator().kill();
            assertThat(stack.operator().exited()).as("how a dead operator is reported (the sandbox stops waiting on it)")
                    .hasValueSatisfying(why -> assertThat(why).startsWith("the operator exited with code"));
            Pause.of(Duration.ofSeconds(5));
            stack.restartOperator();
            awaitRolledAndReady(before);
        }));

        assertThat(podUids().values()).doesNotContainAnyElementsOf(before.values());
        assertThat(removals.removals()).extracting(MemberRemoval::member).containsExactlyInAnyOrderElementsOf(before.keySet());
    }

    @Test
    @Order(3)
    void aMemberSigkilledMidRollIsRestartedAndTheRollCompletes() {
        Map<String, String> before = podUids();

        underLoad("roll with a member SIGKILLed mid-roll", () -> {
            changeMemberConfig();
            String first = awaitFirstRestart(before);
            String victim = before.keySet().stream().filter(pod -> !pod.equals(first)).sorted().findFirst().orElseThrow();
            long pid = stack.runtime().containerPid(namespace.name(), victim).orElseThrow();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            awaitRolledAndReady(before);
        });

        assertThat(podUids().values()).doesNotContainAnyElementsOf(before.values());
    }

    @Test
    @Order(4)
    void scalingFromFiveToTwoRemovesOneMemberAtATime() {
        patchSpec("{\"replicas\": 5}");
        RunningClusters.awaitReady(client, namespace.name(), NAME, 5);

        MemberRemovals removals = audited(() -> underLoad("scale-down 5 -> 2", () -> {
            patchSpec("{\"replicas\": 2}");
            await("scaled down to 2 and Ready").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> RunningClusters.isReady(RunningClusters.get(client, namespace.name(), NAME), 2));
        }));

        assertThat(removals.replicas()).as("replicas the operator wrote, in order").containsExactly(5, 4, 3, 2);
        assertThat(removals.removals()).extracting(MemberRemoval::member).containsExactly(NAME + "-4", NAME + "-3", NAME + "-2");
        RunningClusters.awaitClusterSize(hazelcast, 2);
    }

    @Test
    @Order(5)
    void drainsOfEveryNodeAtOnceEvictOneMemberAtATimeEachFromASafeCluster() {
        Map<String, String> before = podUids();

        MemberRemovals removals = audited(Set.of(LocalControlPlane.ADMIN_USER), () -> underLoad("drains of every node at once", () -> {
            NodeDrain.allAtOnce(client, namespace.name(), before.keySet(), CHANGE_TIMEOUT);
            awaitRolledAndReady(before);
        }));

        assertThat(removals.removals()).as("evictions granted, one per member")
                .extracting(MemberRemoval::member).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(client.v1().events().inNamespace(namespace.name()).list().getItems())
                .as("events telling why a drain waits").extracting(Event::getReason).contains("EvictionsPaused");
    }

    /**
     * Runs {@code change} while the audit log is marked and member health sampled, then checks from the log that every
     * member-removing write by the operator was made one at a time, each from a cluster that could afford it.
     */
    private MemberRemovals audited(Runnable change) {
        return audited(Set.of(), change);
    }

    /** As {@link #audited(Runnable)}, counting the evictions of {@code evictors} too. */
    private MemberRemovals audited(Set<String> evictors, Runnable change) {
        int replicas = RunningClusters.statefulSetReplicas(client, namespace.name(), NAME);
        try (AuditedChange audited = AuditedChange.start(client, stack.controlPlane().auditLog(), namespace.name(), NAME,
                replicas, CHANGE_TIMEOUT.plusMinutes(1), evictors)) {
            change.run();
            audited.close();
            return audited.assertEveryRemovalSafe();
        }
    }

    /** Runs {@code change} while the load runs, then checks every session and prints what clients saw. */
    private void underLoad(String change, Runnable action) {
        load.resetLatencies();
        load.start(LOAD_THREADS);
        Instant start = Instant.now();
        SessionLoad.LoadReport report;
        try {
            action.run();
        } finally {
            report = load.stop();
        }
        Duration took = Duration.between(start, Instant.now());
        SessionLoad.Verification verification = load.verify();
        System.out.printf("%s: %d s, %s, %s%n", change, took.toSeconds(), verification, report);
        assertThat(verification.lost()).as("sessions lost in the " + change).isZero();
        assertThat(verification.stale()).as("stale sessions after the " + change).isZero();
    }

    private void changeMemberConfig() {
        maxIdle += 60;
        patchSpec("{\"sessions\": {\"maxIdleSeconds\": " + maxIdle + "}}");
    }

    private void patchSpec(String specJson) {
        RunningClusters.patchSpec(client, namespace.name(), NAME, specJson);
    }

    private void awaitRolledAndReady(Map<String, String> before) {
        RunningClusters.awaitRolledAndReady(client, namespace.name(), NAME, before, CHANGE_TIMEOUT);
    }

    /** The first member the roll takes down. */
    private String awaitFirstRestart(Map<String, String> before) {
        await("the roll takes its first member down").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> firstGone(before) != null);
        return firstGone(before);
    }

    private String firstGone(Map<String, String> before) {
        Map<String, Pod> pods = client.pods().inNamespace(namespace.name()).withLabel("app.kubernetes.io/instance", NAME)
                .list().getItems().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
        return before.entrySet().stream()
                .filter(e -> !pods.containsKey(e.getKey()) || pods.get(e.getKey()).getMetadata().getDeletionTimestamp() != null
                        || !pods.get(e.getKey()).getMetadata().getUid().equals(e.getValue()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private Map<String, String> podUids() {
        return RunningClusters.podUids(client, namespace.name(), NAME);
    }

    /** Messages of RestartingMember events about the given pods since the roll began (events name the pod). */
    private List<String> restartEvents(java.util.Set<String> pods) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "RestartingMember".equals(e.getReason()))
                .map(Event::getMessage)
                .filter(message -> pods.stream().anyMatch(message::contains))
                .toList();
    }
}
