package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.member.SessionFence;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.VersionedMembers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade's data path on real members, from a 5.6.0 set to a 5.7.0 set while an application keeps reading and
 * writing its sessions: copy, catch up, fence the old set, copy what still differs, stop the old set. The application's
 * client, which knows both addresses as it would know the client Service, moves by itself. Each session is used by one
 * writer at a time, so every read must return exactly the last write that writer saw acknowledged.
 */
class SessionMoveTest {

    private static final String MAP = "sessions";
    private static final int SESSIONS = 500;

    @TempDir
    Path dir;
    private VersionedMembers members;
    private final List<HazelcastInstance> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(HazelcastInstance::shutdown);
        members.close();
    }

    @Test
    void anApplicationLosesNoSessionAndSeesNoErrorWhileItsSessionsMoveToTheNextMinorVersion() throws Exception {
        // The fence needs the session type on the members, as Spring Session's and the web filter's members have it.
        members = new VersionedMembers(dir, AppSession.CLUSTER_NAME, AppSession.MEMBER_SERIALIZATION);
        int oldPort = TestPorts.free();
        int newPort = TestPorts.free();
        List<Path> fence = List.of(VersionedMembers.classesOf(SessionFence.class), VersionedMembers.classesOf(AppSession.class));
        GuardedProcess oldSet = members.start("5.6.0", fence, oldPort, oldPort);
        members.start("5.7.0", fence, newPort, newPort);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> VersionedMembers.clusterSize(oldPort) == 1 && VersionedMembers.clusterSize(newPort) == 1);

        HazelcastInstance application = connect(applicationClient(oldPort, newPort));
        IMap<String, AppSession> sessions = application.getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            sessions.set(key(i), AppSession.of(i));
        }
        Load load = new Load(sessions);
        Thread requests = new Thread(load::run, "requests");
        requests.start();

        HazelcastInstance fromOld = connect(AppSession.clientOf(oldPort));
        SessionCopier copier = new SessionCopier(fromOld, connect(AppSession.clientOf(newPort)), MAP, 100);
        try (ChangedKeys changed = new ChangedKeys(fromOld, MAP)) {
            copier.copyAll(progress -> { });
            for (int pass = 0; pass < 3; pass++) {
                copier.copyKeys(changed.drain());
            }
            int servedBeforeFence = load.served.get();
            SessionFenceRegistration.raise(fromOld, MAP);
            long fenced = System.nanoTime();
            CopyProgress last = copier.copyDifferences(changed.drain());
            oldSet.close();
            System.out.printf("fenced for %d ms; the last pass wrote %d, deleted %d and compared %d%n",
                    (System.nanoTime() - fenced) / 1_000_000, last.copied(), last.deleted(), last.compared());
            assertThat(load.served.get()).as("requests served while the copy ran").isGreaterThan(servedBeforeFence / 2);
        }

        int servedAtSwitch = load.served.get();
        await("requests served by the new set").atMost(Duration.ofSeconds(60)).until(() -> load.served.get() > servedAtSwitch + 2 * SESSIONS);
        load.stop();
        requests.join(Duration.ofSeconds(150).toMillis());

        System.out.printf("requests %d, errors %d, stale or lost reads %d, slowest %d ms%n",
                load.served.get(), load.errors.get(), load.wrongReads.get(), load.slowestMillis.get());
        assertThat(application.getCluster().getMembers()).as("the application's client moved to the new member set")
                .singleElement().satisfies(member -> assertThat(member.getAddress().getPort()).isEqualTo(newPort));
        assertThat(load.errors).hasValue(0);
        assertThat(load.wrongReads).hasValue(0);
        for (int i = 0; i < SESSIONS; i++) {
            assertThat(sessions.get(key(i)).count()).as(key(i)).isEqualTo(load.acknowledged[i]);
        }
    }

    @Test
    void aFenceLoweredByAnotherClientLetsTheOperationsItHeldThrough() throws Exception {
        members = new VersionedMembers(dir, AppSession.CLUSTER_NAME, AppSession.MEMBER_SERIALIZATION);
        int port = TestPorts.free();
        members.start("5.6.0", List.of(VersionedMembers.classesOf(SessionFence.class), VersionedMembers.classesOf(AppSession.class)), port, port);
        await().atMost(Duration.ofSeconds(90)).until(() -> VersionedMembers.clusterSize(port) == 1);
        IMap<String, AppSession> sessions = connect(applicationClient(port, port)).getMap(MAP);
        sessions.set(key(0), AppSession.of(0));

        // Raised twice, as an operator restarted mid-switch would: still one fence.
        SessionFenceRegistration.raise(connect(AppSession.clientOf(port)), MAP);
        SessionFenceRegistration.raise(connect(AppSession.clientOf(port)), MAP);
        CompletableFuture<AppSession> heldRead = sessions.getAsync(key(0)).toCompletableFuture();
        CompletableFuture<Void> heldWrite = sessions.setAsync(key(1), AppSession.of(1)).toCompletableFuture();
        Thread.sleep(1_000);
        assertThat(heldRead).as("a read waits behind the fence").isNotDone();
        assertThat(heldWrite).as("a write waits behind the fence").isNotDone();

        // What an aborted switch does, from a client that did not raise the fence (a restarted operator): the old set
        // serves again, and what waited goes through, none of it failed.
        SessionFenceRegistration.lower(connect(AppSession.clientOf(port)), MAP);
        assertThat(heldRead.get(10, TimeUnit.SECONDS)).isEqualTo(AppSession.of(0));
        heldWrite.get(10, TimeUnit.SECONDS);
        assertThat(sessions.get(key(1))).isEqualTo(AppSession.of(1));
    }

    private static String key(int i) {
        return "session-" + i;
    }

    /** One writer per session, in turn: read it, check it is the last acknowledged write, write the next. */
    private static final class Load {

        private final IMap<String, AppSession> sessions;
        final int[] acknowledged = new int[SESSIONS];
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger wrongReads = new AtomicInteger();
        final AtomicLong slowestMillis = new AtomicLong();
        private volatile boolean running = true;

        Load(IMap<String, AppSession> sessions) {
            this.sessions = sessions;
        }

        void run() {
            for (int request = 0; running && request < 10_000_000; request++) {
                int i = request % SESSIONS;
                long started = System.nanoTime();
                try {
                    AppSession session = sessions.get(key(i));
                    if (session == null || session.count() != acknowledged[i]) {
                        // Count each lost or stale session once, then go on from what is there.
                        wrongReads.incrementAndGet();
                        acknowledged[i] = session == null ? 0 : session.count();
                        session = session == null ? AppSession.of(i) : session;
                    }
                    sessions.set(key(i), session.written());
                    acknowledged[i] = session.count() + 1;
                    served.incrementAndGet();
                } catch (RuntimeException e) {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println("request failed: " + e);
                    }
                } finally {
                    slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                }
            }
        }

        void stop() {
            running = false;
        }
    }

    /** As the published client configuration has it: redo, retry connecting without a deadline, short retry pauses. */
    private static ClientConfig applicationClient(int oldPort, int newPort) {
        ClientConfig config = AppSession.applicationClient(AppSession.clientOf(oldPort, newPort));
        config.getNetworkConfig().setRedoOperation(true);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1);
        config.setProperty("hazelcast.client.invocation.retry.pause.millis", "100");
        // Tries the addresses in order, so it starts on the old set as clients of a running cluster do.
        config.setProperty("hazelcast.client.shuffle.member.list", "false");
        return config;
    }

    private HazelcastInstance connect(ClientConfig config) {
        HazelcastInstance client = AppSession.connect(config);
        clients.add(client);
        return client;
    }
}
