package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.operator.TestPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fact the version policy rests on, checked on real members: a 5.7 Community Edition member cannot join a 5.6
 * cluster (it is refused; either it shuts down, or it runs as a cluster of its own and the 5.6 member is refused when
 * it tries to merge), while two 5.7 members form one cluster of two.
 */
class MixedMinorVersionMembersTest {

    private static final Path JARS = Path.of("target", "hazelcast-versions");
    private static final String[] JVM_FLAGS = System.getProperty("hazelcast.jvm.args", "").isBlank()
            ? new String[0] : System.getProperty("hazelcast.jvm.args").split(" ");

    private final List<GuardedProcess> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(GuardedProcess::close);
    }

    @Test
    void aMemberOfTheNextMinorVersionCannotJoin(@TempDir Path dir) throws IOException {
        int[] ports = {TestPorts.free(), TestPorts.free()};
        GuardedProcess running = start("5.6.0", ports[0], ports, dir);
        await().atMost(Duration.ofSeconds(90)).until(() -> answers(ports[0]));

        // What a member-by-member roll would do: the first upgraded member tries to join the running cluster.
        GuardedProcess upgraded = start("5.7.0", ports[1], ports, dir);

        await().atMost(Duration.ofSeconds(90)).until(() -> refusedAVersion(upgraded) || refusedAVersion(running));
        // Never one cluster of both. Which one gives up is a race: the 5.7 member shuts down, or it elected itself and the
        // 5.6 member, refused when it tries to merge into it, may stop instead. Either way sessions would be lost.
        await("no cluster of two").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                .until(() -> health(ports[0]).clusterSize() != 2 && health(ports[1]).clusterSize() != 2);
    }

    /** Hazelcast's join check refused a member of another minor version, in either direction. */
    private static boolean refusedAVersion(GuardedProcess member) throws IOException {
        return Files.readString(member.log()).contains("is not compatible with cluster version");
    }

    @Test
    void membersOfOneVersionDoFormOneCluster(@TempDir Path dir) throws IOException {
        int[] ports = {TestPorts.free(), TestPorts.free()};
        start("5.7.0", ports[0], ports, dir);
        start("5.7.0", ports[1], ports, dir);

        await().atMost(Duration.ofSeconds(90)).until(() -> health(ports[0]).clusterSize() == 2 && health(ports[1]).clusterSize() == 2);
    }

    private GuardedProcess start(String version, int port, int[] all, Path dir) throws IOException {
        Path config = dir.resolve("member-" + port + ".yaml");
        Files.writeString(config, """
                hazelcast:
                  cluster-name: mixed-versions
                  properties:
                    hazelcast.phone.home.enabled: "false"
                  network:
                    port: {port: %d, auto-increment: false}
                    rest-api: {enabled: true, endpoint-groups: {HEALTH_CHECK: {enabled: true}}}
                    join:
                      auto-detection: {enabled: false}
                      multicast: {enabled: false}
                      tcp-ip: {enabled: true, member-list: ["127.0.0.1:%d", "127.0.0.1:%d"]}
                """.formatted(port, all[0], all[1]));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(List.of(JVM_FLAGS));
        command.addAll(List.of("-Dhazelcast.config=" + config, "-Dhazelcast.local.localAddress=127.0.0.1",
                "-Dhazelcast.socket.bind.any=false",
                "-cp", JARS.resolve("hazelcast-" + version + ".jar").toAbsolutePath().toString(),
                "com.hazelcast.core.server.HazelcastMemberStarter"));
        GuardedProcess member = GuardedProcess.start("hazelcast-" + version, command, Map.of(), dir, dir.resolve("member-" + port + ".log"));
        members.add(member);
        return member;
    }

    private static boolean answers(int port) {
        return health(port).reachable();
    }

    private static MemberHealth health(int port) {
        return new HttpMemberHealthProbe(port).probe(List.of("127.0.0.1")).get("127.0.0.1");
    }

}
