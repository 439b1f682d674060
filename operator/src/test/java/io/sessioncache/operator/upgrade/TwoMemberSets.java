package io.sessioncache.operator.upgrade;

import static org.awaitility.Awaitility.await;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.VersionedMembers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One 5.6.0 member and one 5.7.0 member, each a cluster of its own (the old and the new member set of an upgrade), and
 * the clients a test connects to them; closing shuts the clients down and stops both members.
 */
final class TwoMemberSets implements AutoCloseable {

    final int oldPort = TestPorts.free();
    final int newPort = TestPorts.free();
    private final VersionedMembers members;
    private final List<HazelcastInstance> clients = new ArrayList<>();

    TwoMemberSets(Path dir) throws IOException {
        members = new VersionedMembers(dir, AppSession.CLUSTER_NAME);
        members.start("5.6.0", oldPort, oldPort);
        members.start("5.7.0", newPort, newPort);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> VersionedMembers.clusterSize(oldPort) == 1 && VersionedMembers.clusterSize(newPort) == 1);
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
