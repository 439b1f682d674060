package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import io.sessioncache.operator.model.MemberConfigYaml;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe against a real member started from the rendered config (its REST health endpoints included). */
class HttpMemberHealthProbeTest {

    @Test
    void readsTheHealthOfARealMemberAndMarksSilentOnesUnreachable() {
        int port = TestPorts.free();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(port));
        try {
            Map<String, MemberHealth> health = new HttpMemberHealthProbe(port).probe(List.of("127.0.0.1", "127.0.0.2"));

            MemberHealth live = health.get("127.0.0.1");
            assertThat(live.reachable()).isTrue();
            assertThat(live.nodeState()).isEqualTo("ACTIVE");
            assertThat(live.clusterState()).isEqualTo("ACTIVE");
            assertThat(live.clusterSize()).isEqualTo(1);
            assertThat(live.migrationQueueSize()).isZero();
            assertThat(live.safe()).isTrue();
            assertThat(health.get("127.0.0.2")).isEqualTo(MemberHealth.UNREACHABLE);
        } finally {
            member.shutdown();
        }
    }

    @Test
    void aFrozenClusterThatStillReportsSafeIsNotSafeToTakeAMemberFrom() {
        int port = TestPorts.free();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(port));
        try {
            member.getCluster().changeClusterState(ClusterState.FROZEN);

            MemberHealth frozen = new HttpMemberHealthProbe(port).probe(List.of("127.0.0.1")).get("127.0.0.1");

            assertThat(frozen.clusterSafe()).as("what Hazelcast itself says").isTrue();
            assertThat(frozen.clusterState()).isEqualTo("FROZEN");
            assertThat(frozen.safe()).isFalse();
            assertThat(frozen.unsafeBecause()).isEqualTo("reports cluster state FROZEN (migrations are not allowed)");
        } finally {
            member.getCluster().changeClusterState(ClusterState.ACTIVE);
            member.shutdown();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"503|{\"nodeState\":\"ACTIVE\"}", "200|not json"})
    void anAnswerThatIsNotHealthCountsAsUnreachable(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(HttpMemberHealthProbe.HEALTH, exchange -> respond(exchange, status, body));
        server.start();
        try {
            int port = server.getAddress().getPort();

            assertThat(new HttpMemberHealthProbe(port).probe(List.of("127.0.0.1")).get("127.0.0.1"))
                    .isEqualTo(MemberHealth.UNREACHABLE);
        } finally {
            server.stop(0);
        }
    }

    /** A member stuck in a long GC pause takes the connection and says nothing: the reconcile must not hang on it. */
    @Test
    void aMemberThatAcceptsTheConnectionAndNeverAnswersIsUnreachableWithinThreeSeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            try {
                HttpMemberHealthProbe probe = new HttpMemberHealthProbe(silent.getLocalPort());
                probe.probe(List.of("127.0.0.2")); // refused at once: loads the HTTP client's classes outside the timing
                held.clear();
                long started = System.nanoTime();

                MemberHealth health = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> probe.probe(List.of("127.0.0.1")).get("127.0.0.1"));

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                assertThat(health).isEqualTo(MemberHealth.UNREACHABLE);
                assertThat(held).as("the probe's connection was taken").isNotEmpty();
            } finally {
                silent.close();
                acceptor.join(Duration.ofSeconds(5).toMillis());
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aHealthyLookingAnswerWithoutTheClusterStateIsNotSafe() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(HttpMemberHealthProbe.HEALTH, exchange -> respond(exchange, 200,
                "{\"nodeState\":\"ACTIVE\",\"clusterSafe\":true,\"migrationQueueSize\":0,\"clusterSize\":1}"));
        server.start();
        try {
            MemberHealth health = new HttpMemberHealthProbe(server.getAddress().getPort()).probe(List.of("127.0.0.1"))
                    .get("127.0.0.1");

            assertThat(health.reachable()).isTrue();
            assertThat(health.safe()).isFalse();
            assertThat(health.unsafeBecause()).isEqualTo("reports cluster state UNKNOWN (migrations are not allowed)");
        } finally {
            server.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Config memberConfig(int port) {
        SessionCluster cluster = SessionClusters.named("probe-" + port);
        Config config = HazelcastConfigCheck.parseMember(MemberConfigYaml.render(cluster));
        config.setInstanceName("probe-" + port);
        config.getNetworkConfig().setPort(port);
        config.getNetworkConfig().getJoin().getKubernetesConfig().setEnabled(false);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        return config;
    }

}
