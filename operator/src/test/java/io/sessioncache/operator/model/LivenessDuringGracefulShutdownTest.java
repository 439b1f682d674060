package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The liveness probe exactly as the StatefulSet specifies it, run against a real member whose GRACEFUL shutdown lasts
 * longer than the probe's failure window: a member handing its sessions over must not be killed half-way.
 */
class LivenessDuringGracefulShutdownTest {

    private static final int SESSIONS = 20_000;

    private final SessionCluster cluster = SessionClusters.named("liveness-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<MemberProcess> members = new ArrayList<>();

    @AfterEach
    void stop() {
        members.forEach(MemberProcess::close);
    }

    @Test
    void aMemberInALongGracefulShutdownKeepsPassingLiveness(@TempDir Path dir) throws InterruptedException {
        Container container = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec().getContainers().get(0);
        Probe liveness = container.getLivenessProbe();
        assertThat(liveness.getHttpGet().getPort().getIntVal()).as("the probe targets the member port")
                .isEqualTo(container.getPorts().get(0).getContainerPort());
        List<Integer> ports = List.of(TestPorts.free(), TestPorts.free());
        // A patient failure detector: the leaving member keeps waiting for the frozen master instead of dropping it.
        ports.forEach(port -> members.add(MemberProcess.start(cluster, port, ports, dir,
                List.of("-Dhazelcast.max.no.heartbeat.seconds=600"))));
        MemberProcess master = members.get(0);
        MemberProcess leaving = members.get(1);
        writeSessions();
        KubeletHttpProbe probe = new KubeletHttpProbe(liveness, "127.0.0.1", leaving.port());
        Duration observed = probe.failureWindow().plus(probe.period().multipliedBy(2));

        // The master coordinates the hand-over; frozen, it keeps the leaving member in its graceful shutdown.
        master.freeze();
        leaving.terminate();
        Instant start = Instant.now();
        List<String> answers = new ArrayList<>();
        for (int attempt = 0; Duration.between(start, Instant.now()).compareTo(observed) < 0 && leaving.isAlive(); attempt++) {
            answers.add(Duration.between(start, Instant.now()).toSeconds() + "s " + probe.attempt());
            // every period from the start, however long an attempt took, as the kubelet schedules them
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), start.plus(probe.period().multipliedBy(attempt + 1))).toMillis()));
        }
        boolean shutdownOutlastedTheWindow = leaving.isAlive();
        master.thaw();
        System.out.println("liveness answers during the graceful shutdown: " + answers);

        assertThat(shutdownOutlastedTheWindow).as("the shutdown lasted longer than %s; leaving member's log:%n%s",
                observed, leaving.log()).isTrue();
        assertThat(probe.wouldHaveKilled()).as("liveness answers: %s", answers).isFalse();
        // PASSIVE: the state in which a member hands its partitions over before it shuts down
        assertThat(answers).as("the member answered while shutting down").allMatch(a -> a.contains("200 \"PASSIVE\""));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> !leaving.isAlive());
        HazelcastInstance client = MemberProcess.client(cluster, List.of(master));
        try {
            assertThat(client.getMap(cluster.getSpec().getSessions().getMapName()).size()).isEqualTo(SESSIONS);
        } finally {
            client.shutdown();
        }
    }

    private void writeSessions() {
        HazelcastInstance client = MemberProcess.client(cluster, members);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> client.getCluster().getMembers().size() == members.size());
            IMap<String, byte[]> sessions = client.getMap(cluster.getSpec().getSessions().getMapName());
            for (int i = 0; i < SESSIONS; i++) {
                sessions.set("session-" + i, new byte[1024]);
            }
        } finally {
            client.shutdown();
        }
    }
}
