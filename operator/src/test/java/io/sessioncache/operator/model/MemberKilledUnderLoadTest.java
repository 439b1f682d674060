package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member dies without warning (SIGKILL) while a client of the published configuration reads and writes sessions,
 * on members started from the rendered member configuration: no operation may wait out Hazelcast's 5-second backup-ack
 * timeout for it (the bound here is 3 s, so a loaded machine does not fail it; RollComparisonBenchmark shows the 1 s
 * target, side by side with the baselines). Each slow
 * operation is printed with its time since the kill and whether its partition's primary was the killed member, which
 * tells a write waiting for a backup ack the dead member never sends from one waiting for its primary to move.
 */
class MemberKilledUnderLoadTest {

    private static final int SESSIONS = 2_000;
    private static final int THREADS = 4;
    private static final int IN_FLIGHT = 4;
    private static final int BURST = 100;
    private static final Duration BEFORE_KILL = Duration.ofSeconds(3);
    /** Long enough for the cluster to drop the dead member, promote its backups and the client to notice. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(12);
    private static final Duration SLOW = Duration.ofMillis(200);
    /** Hazelcast's defaults stall such operations 5 s; the bounds measure 0.85 s idle and up to 1.5 s on a loaded machine. */
    private static final Duration WORST_BOUND = Duration.ofSeconds(3);

    private final SessionCluster cluster = SessionClusters.named("killed-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<MemberProcess> members = new ArrayList<>();
    private final ConcurrentLinkedQueue<Operation> slow = new ConcurrentLinkedQueue<>();
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private HazelcastInstance client;
    private HazelcastInstance unisocketClient;

    @AfterEach
    void stop() {
        running.set(false);
        if (client != null) {
            client.shutdown();
        }
        if (unisocketClient != null) {
            unisocketClient.shutdown();
        }
        members.forEach(MemberProcess::close);
    }

    @Test
    void noOperationWaitsOutTheDefaultBackupAckTimeoutForAKilledMember(@TempDir Path dir) throws InterruptedException {
        List<Integer> ports = List.of(TestPorts.free(), TestPorts.free(), TestPorts.free());
        ports.forEach(port -> members.add(MemberProcess.start(cluster, port, ports, dir)));
        client = MemberProcess.client(cluster, members);
        await().atMost(Duration.ofSeconds(90)).until(() -> client.getCluster().getMembers().size() == members.size());
        IMap<String, byte[]> sessions = client.getMap(cluster.getSpec().getSessions().getMapName());
        for (int i = 0; i < SESSIONS; i++) {
            sessions.set(key(i), new byte[1024]);
        }
        MemberProcess victim = members.get(members.size() - 1);
        // An application may turn smart routing off: its member then waits for the backup acks on its behalf.
        unisocketClient = MemberProcess.unisocketClient(cluster, members.get(0));
        IMap<String, byte[]> unisocketSessions = unisocketClient.getMap(cluster.getSpec().getSessions().getMapName());
        UUID victimUuid = client.getCluster().getMembers().stream()
                .filter(m -> m.getAddress().getPort() == victim.port()).map(Member::getUuid).findFirst().orElseThrow();
        Map<Integer, UUID> primaries = primaries(client.getPartitionService());

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean smart = t % 2 == 0;
            Thread worker = new Thread(() -> work(smart ? sessions : unisocketSessions, smart), "load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        Thread.sleep(BEFORE_KILL.toMillis());
        // A burst of writes just before the kill: some have surely sent their backup to the victim and wait for its ack.
        for (int i = 0; i < BURST; i++) {
            String key = key(i);
            timed(() -> sessions.setAsync(key, new byte[1024]), true, true, key, () -> { });
        }
        long killedAt = System.nanoTime();
        victim.kill();
        Thread.sleep(AFTER_KILL.toMillis());
        running.set(false);
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(60).toMillis());
        }

        slow.stream().sorted(Comparator.comparingLong(Operation::nanos).reversed()).limit(20).forEach(op -> System.out.printf("slow %s %s of partition %d (primary %s): %d ms, started %+d ms from the kill%n",
                op.smart() ? "smart" : "unisocket", op.write() ? "write" : "read", op.partition(),
                victimUuid.equals(primaries.get(op.partition())) ? "the killed member" : "a surviving member",
                op.nanos() / 1_000_000, (op.startNanos() - killedAt) / 1_000_000));
        assertThat(victim.isAlive()).isFalse();
        assertThat(operations.get()).as("operations run").isGreaterThan(1_000);
        assertThat(errors.get()).as("operations that failed").isZero();
        assertThat(Duration.ofNanos(worstNanos.get())).as("the slowest operation (the slow ones are printed above)")
                .isLessThan(WORST_BOUND);
    }

    /**
     * Keeps {@link #IN_FLIGHT} operations under way at once, as many web requests do, so that whenever the member dies
     * some writes have just sent it their backup.
     */
    private void work(IMap<String, byte[]> sessions, boolean smart) {
        try {
            load(sessions, smart);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void load(IMap<String, byte[]> sessions, boolean smart) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            String key = key(random.nextInt(SESSIONS));
            boolean write = random.nextInt(4) == 0;
            timed(() -> write ? sessions.setAsync(key, new byte[1024]) : sessions.getAsync(key), smart, write, key, slots::release);
        }
        // the last operations finish (the client gives each 30 s at most)
        slots.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS);
    }

    private void timed(Supplier<CompletionStage<?>> operation, boolean smart, boolean write, String key, Runnable then) {
        long start = System.nanoTime();
        operation.get().whenComplete((result, error) -> {
            long nanos = System.nanoTime() - start;
            operations.incrementAndGet();
            if (error != null) {
                errors.incrementAndGet();
            }
            worstNanos.accumulateAndGet(nanos, Math::max);
            if (nanos > SLOW.toNanos()) {
                slow.add(new Operation(smart, write, partitionOf(key), start, nanos));
            }
            then.run();
        });
    }

    private int partitionOf(String key) {
        return client.getPartitionService().getPartition(key).getPartitionId();
    }

    private static Map<Integer, UUID> primaries(PartitionService partitions) {
        Map<Integer, UUID> primaries = new HashMap<>();
        partitions.getPartitions().forEach(p -> primaries.put(p.getPartitionId(), p.getOwner().getUuid()));
        return primaries;
    }

    private static String key(int i) {
        return "session-" + i;
    }

    private record Operation(boolean smart, boolean write, int partition, long startNanos, long nanos) {
    }
}
