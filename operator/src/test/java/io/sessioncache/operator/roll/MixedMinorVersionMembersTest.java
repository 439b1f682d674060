package io.sessioncache.operator.roll;

import static org.awaitility.Awaitility.await;

import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.VersionedMembers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fact the version policy rests on, checked on real members: a 5.7 Community Edition member cannot join a 5.6
 * cluster (it is refused; either it shuts down, or it runs as a cluster of its own and the 5.6 member is refused when
 * it tries to merge), while two 5.7 members form one cluster of two.
 */
class MixedMinorVersionMembersTest {

    @TempDir
    Path dir;
    private VersionedMembers members;

    @BeforeEach
    void members() {
        members = new VersionedMembers(dir, "mixed-versions");
    }

    @AfterEach
    void stopMembers() {
        members.close();
    }

    @Test
    void aMemberOfTheNextMinorVersionCannotJoin() throws IOException {
        int[] ports = {TestPorts.free(), TestPorts.free()};
        GuardedProcess running = members.start("5.6.0", ports[0], ports);
        await().atMost(Duration.ofSeconds(90)).until(() -> VersionedMembers.clusterSize(ports[0]) > 0);

        // What a member-by-member roll would do: the first upgraded member tries to join the running cluster.
        GuardedProcess upgraded = members.start("5.7.0", ports[1], ports);

        await().atMost(Duration.ofSeconds(90)).until(() -> refusedAVersion(upgraded) || refusedAVersion(running));
        // Never one cluster of both. Which one gives up is a race: the 5.7 member shuts down, or it elected itself and the
        // 5.6 member, refused when it tries to merge into it, may stop instead. Either way sessions would be lost.
        await("no cluster of two").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                .until(() -> VersionedMembers.clusterSize(ports[0]) != 2 && VersionedMembers.clusterSize(ports[1]) != 2);
    }

    /** Hazelcast's join check refused a member of another minor version, in either direction. */
    private static boolean refusedAVersion(GuardedProcess member) throws IOException {
        return Files.readString(member.log()).contains("is not compatible with cluster version");
    }

    @Test
    void membersOfOneVersionDoFormOneCluster() throws IOException {
        int[] ports = {TestPorts.free(), TestPorts.free()};
        members.start("5.7.0", ports[0], ports);
        members.start("5.7.0", ports[1], ports);

        await().atMost(Duration.ofSeconds(90))
                .until(() -> VersionedMembers.clusterSize(ports[0]) == 2 && VersionedMembers.clusterSize(ports[1]) == 2);
    }
}
