package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.controlplane.ClassesJar;
import io.sessioncache.controlplane.LocalControlPlane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The member image's contract, the hazelcast/hazelcast image's (docs/container-images.md), on two real containers of
 * it that form one cluster: HAZELCAST_CONFIG, JAVA_OPTS, CLASSPATH, PROMETHEUS_PORT, the non-root user, the JVM as
 * PID 1 so `docker stop` shuts the member down gracefully. Member a runs as the image defines; member b as the operator's pods
 * run it (user 1001, read-only root file system, no capabilities). Both use the host's network on 127.0.0.1 only, with
 * ports of their own, and a cluster name of their own, so they meet nobody else's members.
 */
@NeedsImages(value = MemberImageE2E.IMAGE, build = "base members")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberImageE2E {

    static final String IMAGE = "hazelcast/hazelcast:5.7.0";
    /** Where the test's configuration and jar are mounted in the containers. */
    private static final String MOUNT = "/opt/sessioncache-test";
    private static final String JAR = "member-probe.jar";
    private static final Duration JOIN = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final int ENTRIES = 1_000;

    private final String clusterName = "image-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final int portA = LocalControlPlane.freePort();
    private final int portB = LocalControlPlane.freePort();
    private final int metricsPort = LocalControlPlane.freePort();
    private final List<TestContainer> containers = new ArrayList<>();
    private TestContainer memberA;
    private TestContainer memberB;
    private HazelcastInstance client;

    @BeforeAll
    void startTwoMembers() throws IOException {
        Path files = Files.createDirectories(Path.of("target", "member-image-e2e", clusterName).toAbsolutePath());
        Files.writeString(files.resolve("a.yaml"), memberConfig(portA));
        Files.writeString(files.resolve("b.yaml"), memberConfig(portB));
        Files.write(files.resolve(JAR), ClassesJar.of(MemberProbe.class));

        memberA = start("a", files, List.of("--env", "PROMETHEUS_PORT=127.0.0.1:" + metricsPort));
        awaitLog(memberA, "is STARTED");
        long runB = System.nanoTime();
        memberB = start("b", files, List.of("--user", "1001:1001", "--read-only", "--tmpfs", "/tmp",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));

        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.getNetworkConfig().addAddress("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(JOIN.toMillis());
        client = HazelcastClient.newHazelcastClient(config);
        await().atMost(JOIN).pollInterval(Duration.ofMillis(100)).until(() -> client.getCluster().getMembers().size() == 2);
        System.out.printf("MemberImageE2E: member b was in the cluster %d ms after `docker run`%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runB));
    }

    @AfterAll
    void stopAll() {
        if (client != null) {
            client.shutdown();
        }
        containers.forEach(TestContainer::close);
    }

    @Test
    @Order(1)
    void twoMembersFormOneClusterThatAClientOnLoopbackUses() {
        IMap<Integer, String> map = client.getMap("sessions");
        for (int i = 0; i < ENTRIES; i++) {
            map.set(i, "session-" + i);
        }

        assertThat(client.getCluster().getMembers()).extracting(m -> m.getAddress().getPort())
                .containsExactlyInAnyOrder(portA, portB);
        assertThat(map.size()).isEqualTo(ENTRIES);
    }

    @Test
    @Order(2)
    void hazelcastConfigNamesTheFileTheMemberRuns() {
        probeEach((member, seen) -> {
            assertThat(seen.get("clusterName")).isEqualTo(clusterName);
            assertThat(seen.get("configFile")).endsWith(MOUNT + "/" + (member.getAddress().getPort() == portA ? "a" : "b") + ".yaml");
        });
    }

    @Test
    @Order(3)
    void javaOptsComeAfterTheImageDefaults() {
        probeEach((member, seen) -> {
            assertThat(seen.get("marker")).as("a -D of JAVA_OPTS").isEqualTo(clusterName);
            assertThat(seen.get("maxRamPercentage")).as("JAVA_OPTS' 75 after JAVA_OPTS_DEFAULT's 80").isEqualTo("75.0");
        });
    }

    @Test
    @Order(4)
    void classpathAddsAMountedJarTheMemberLoadsClassesFrom() {
        // The probe class is in no jar of the image: the member runs it only because CLASSPATH names the mounted jar.
        probeEach((member, seen) -> assertThat(seen.get("codeSource")).isEqualTo("file:" + MOUNT + "/" + JAR));
    }

    @Test
    @Order(5)
    void theJvmIsPidOneAndRunsAsTheImagesNonRootUser() throws IOException {
        assertThat(memberA.inspect("{{.Config.User}}")).isEqualTo("hazelcast");
        assertThat(uidOf(memberA)).isEqualTo(100);
        assertThat(uidOf(memberB)).as("the operator's runAsUser").isEqualTo(1001);
        for (TestContainer member : List.of(memberA, memberB)) {
            assertThat(Files.readString(Path.of("/proc", String.valueOf(member.hostPid()), "cmdline")))
                    .as("the container's first process").startsWith("java\0");
        }
        probeEach((member, seen) -> assertThat(seen.get("pid")).isEqualTo("1"));
        Map<String, String> seenByA = probe(memberAt(portA));
        assertThat(seenByA.get("userName")).isEqualTo("hazelcast");
    }

    @Test
    @Order(6)
    void prometheusPortServesHazelcastsMetrics() {
        Set<String> dashboardNames = MetricNames.list("member-metrics.txt");
        // Hazelcast publishes its metrics to JMX every few seconds.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            String metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
            Set<String> exported = metrics.lines().filter(l -> !l.startsWith("#"))
                    .map(l -> l.replaceAll("[{ ].*", "")).collect(Collectors.toSet());
            assertThat(exported).containsAll(dashboardNames).anyMatch(name -> name.startsWith("jvm_"));
        });
    }

    @Test
    @Order(7)
    void dockerStopShutsTheMemberDownGracefully() {
        Duration took = memberB.stop(STOP_GRACE);
        System.out.printf("MemberImageE2E: docker stop took %d ms%n", took.toMillis());

        assertThat(memberB.exitCode()).as("128 + SIGTERM: the JVM ended on the TERM signal, not SIGKILL's 137").isEqualTo(143);
        assertThat(took).isLessThan(STOP_GRACE);
        assertThat(memberB.logs()).contains("Running shutdown hook").contains("Hazelcast Shutdown is completed");
        // The master (a) hands b's partitions over before b leaves: Hazelcast's graceful shutdown, not a lost member.
        assertThat(memberA.logs()).containsPattern("Shutdown request of Member \\[127\\.0\\.0\\.1]:" + portB + " .* is handled");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.getCluster().getMembers().size() == 1);
        assertThat(client.<Integer, String>getMap("sessions").size()).isEqualTo(ENTRIES);
    }

    /** Member a's and b's: the same image, environment and mounts; the config file differs only in the port. */
    private TestContainer start(String member, Path files, List<String> extraOptions) {
        List<String> options = new ArrayList<>(List.of("--network", "host",
                "--volume", files + ":" + MOUNT + ":ro",
                "--env", "HAZELCAST_CONFIG=" + MOUNT + "/" + member + ".yaml",
                "--env", "JAVA_OPTS=-D" + MemberProbe.MARKER_PROPERTY + "=" + clusterName + " -XX:MaxRAMPercentage=75.0",
                "--env", "CLASSPATH=" + MOUNT + "/" + JAR));
        options.addAll(extraOptions);
        TestContainer container = TestContainer.run("member-image-e2e-" + member, IMAGE, options);
        containers.add(container);
        return container;
    }

    private String memberConfig(int port) {
        return """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.socket.bind.any: false
                    hazelcast.shutdownhook.policy: GRACEFUL
                    hazelcast.phone.home.enabled: false
                  network:
                    port: {port: %d, auto-increment: false}
                    interfaces: {enabled: true, interfaces: [127.0.0.1]}
                    join:
                      auto-detection: {enabled: false}
                      multicast: {enabled: false}
                      tcp-ip: {enabled: true, member-list: ["127.0.0.1:%d", "127.0.0.1:%d"]}
                """.formatted(clusterName, port, portA, portB);
    }

    private interface Check {
        void on(Member member, Map<String, String> seen);
    }

    private void probeEach(Check check) {
        for (Member member : client.getCluster().getMembers()) {
            check.on(member, probe(member));
        }
    }

    private Map<String, String> probe(Member member) {
        try {
            return client.getExecutorService("probe").submitToMember(new MemberProbe(), member).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the probe did not run on " + member, e);
        }
    }

    private Member memberAt(int port) {
        return client.getCluster().getMembers().stream().filter(m -> m.getAddress().getPort() == port).findFirst()
                .orElseThrow();
    }

    private static int uidOf(TestContainer container) throws IOException {
        String status = Files.readString(Path.of("/proc", String.valueOf(container.hostPid()), "status"));
        String uidLine = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        return Integer.parseInt(uidLine.split("\\s+")[1]);
    }

    private static void awaitLog(TestContainer container, String text) {
        await().atMost(JOIN).pollInterval(Duration.ofMillis(200)).until(() -> container.logs().contains(text));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
