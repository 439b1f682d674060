package io.sessioncache.operator.upgrade;

import static org.awaitility.Awaitility.await;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.member.PartitionChecksums;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.VersionedMembers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One 5.6.0 member and one 5.7.0 member, each a cluster of its own (the old and the new member set of an upgrade), and
 * the clients a test connects to them; closing shuts the clients down and stops both members. The members carry this
 * project's member-side classes, as the session-extensions jars give them, unless made {@link #withoutMemberJars}.
 */
final class TwoMemberSets implements AutoCloseable {

    final int oldPort = TestPorts.free();
    final int newPort = TestPorts.free();
    private final VersionedMembers members;
    private final List<HazelcastInstance> clients = new ArrayList<>();

    TwoMemberSets(Path dir) throws IOException {
        this(dir, List.of(VersionedMembers.classesOf(PartitionChecksums.class)));
    }

    private TwoMemberSets(Path dir, List<Path> memberClasspath) throws IOException {
        members = new VersionedMembers(dir, AppSession.CLUSTER_NAME);
        members.start("5.6.0", memberClasspath, oldPort, oldPort);
        members.start("5.7.0", memberClasspath, newPort, newPort);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> VersionedMembers.clusterSize(oldPort) == 1 && VersionedMembers.clusterSize(newPort) == 1);
    }

    /** Members with Hazelcast's jar alone, as members started from session-extensions jars of before the checksums. */
    static TwoMemberSets withoutMemberJars(Path dir) throws IOException {
        return new TwoMemberSets(dir, List.of());
    }

    /** A client as the operator's copy has it: no application type registered. */
    HazelcastInstance operator(int port) {
        return connect(AppSession.clientOf(port));
    }

    /** A client as the application has it: its session type's serializer registered. */
    HazelcastInstance application(int port) {
        return connect(AppSession.applicationClient(AppSession.clientOf(port)));
    }

    private HazelcastInstance connect(ClientConfig config) {
        HazelcastInstance client = AppSession.connect(config);
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(HazelcastInstance::shutdown);
        }
        members.close();
    }
}
