package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.MapEvictionSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionMapSpec;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members of the default size (512Mi, heap 75% of it, -XX:+ExitOnOutOfMemoryError), each in its own JVM, filled through
 * a real client with far more sessions than they can hold, under the default eviction. The eviction they report is the
 * map's {@code evictionCount} metric in Hazelcast's JMX Metrics MBeans, which the image's Prometheus exporter publishes.
 * <p>
 * Other limits can be measured the same way, e.g. the former default, which kills the member:
 * {@code -Deviction.policy=PER_NODE -Deviction.size=1000000} (also {@code -Deviction.format=OBJECT},
 * {@code -Deviction.sessionBytes}).
 */
class SessionMapEvictionOnSmallMemberTest {

    private static final int SESSION_BYTES = Integer.getInteger("eviction.sessionBytes", 4096);
    private static final long MEMORY_LIMIT_BYTES = 512L << 20;
    private static final String MAP = "sessions";

    private final SessionCluster cluster = SessionClusters.named("evict-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<MemberProcess> members = new ArrayList<>();
    private HazelcastInstance client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        members.forEach(MemberProcess::close);
    }

    @Test
    void aMemberFilledWithTwiceItsMemoryEvictsSessionsAndStaysUp(@TempDir Path dir) {
        measurementOverrides(cluster.getSpec().getSessions());
        MemberProcess member = startMembersAndClient(1, dir).get(0);

        long written = fill(2 * MEMORY_LIMIT_BYTES);

        assertThat(member.isAlive()).as("member alive after %d sessions; its log:%n%s", written, member.log()).isTrue();
        IMap<String, byte[]> sessions = client.getMap(MAP);
        long held = sessions.size();
        // Hazelcast publishes its metrics every 5 s
        await().atMost(Duration.ofSeconds(20)).until(() -> member.mapMetric(MAP, "evictionCount") >= written - held);
        MemoryUsage heap = member.heapAfterGc();
        System.out.printf("eviction figures: %s %d, %s, %d B sessions: written %d, held %d, evicted %d; "
                        + "map cost %d MiB, heap after GC %d of %d MiB%n",
                cluster.getSpec().getSessions().getEviction().getMaxSizePolicy(), cluster.getSpec().getSessions().getEviction().getSize(),
                cluster.getSpec().getSessions().getInMemoryFormat(), SESSION_BYTES, written, held,
                member.mapMetric(MAP, "evictionCount"), member.mapMetric(MAP, "ownedEntryMemoryCost") >> 20,
                heap.getUsed() >> 20, heap.getMax() >> 20);
        assertThat(held).isLessThan(written);
        assertThat(sessions.get("session-" + (written - 1))).as("the newest session is kept").hasSize(SESSION_BYTES);
    }

    /**
     * A member that leaves hands its partitions to the others, whose share grows by N/(N-1): full survivors evict what
     * does not fit (counted like any eviction) rather than run out of heap.
     */
    @Test
    void fullMembersThatTakeOverTheSessionsOfALeavingMemberEvictAndStayUp(@TempDir Path dir) {
        measurementOverrides(cluster.getSpec().getSessions());
        List<MemberProcess> all = startMembersAndClient(3, dir);
        fill(600L << 20);
        for (MemberProcess member : all) {
            await().atMost(Duration.ofSeconds(20)).until(() -> member.mapMetric(MAP, "evictionCount") > 0);
        }
        IMap<String, byte[]> sessions = client.getMap(MAP);
        long held = sessions.size();
        MemberProcess leaving = all.get(2);
        List<MemberProcess> survivors = all.subList(0, 2);
        long evictedBefore = evictions(survivors);

        leaving.terminate();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> !leaving.isAlive());
        assertThat(survivors).allSatisfy(m -> assertThat(m.isAlive()).as("survivor's log:%n%s", m.log()).isTrue());
        assertThat(leaving.log()).doesNotContain("OutOfMemoryError");
        long after = sessions.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> evictions(survivors) - evictedBefore >= held - after);
        for (MemberProcess survivor : survivors) {
            MemoryUsage heap = survivor.heapAfterGc();
            System.out.printf("eviction figures, graceful shutdown 3 -> 2 members: sessions %d before, %d after, survivors "
                            + "evicted %d; survivor's map cost %d MiB (primaries), heap after GC %d of %d MiB%n",
                    held, after, evictions(survivors) - evictedBefore, survivor.mapMetric(MAP, "ownedEntryMemoryCost") >> 20,
                    heap.getUsed() >> 20, heap.getMax() >> 20);
        }
        assertThat(after).as("the survivors were full, so the sessions they took over made them evict").isLessThan(held);
    }

    /** Measurement runs of other limits: -Deviction.policy=..., -Deviction.size=..., -Deviction.format=OBJECT. */
    private static void measurementOverrides(SessionMapSpec sessions) {
        if (System.getProperty("eviction.policy") != null) {
            sessions.getEviction().setMaxSizePolicy(MapEvictionSpec.MaxSizePolicy.valueOf(System.getProperty("eviction.policy")));
            sessions.getEviction().setSize(Integer.getInteger("eviction.size"));
        }
        if (System.getProperty("eviction.format") != null) {
            sessions.setInMemoryFormat(SessionMapSpec.MapInMemoryFormat.valueOf(System.getProperty("eviction.format")));
        }
    }

    private static long evictions(List<MemberProcess> members) {
        return members.stream().mapToLong(m -> m.mapMetric(MAP, "evictionCount")).sum();
    }

    private List<MemberProcess> startMembersAndClient(int count, Path dir) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(TestPorts.free());
        }
        ports.forEach(port -> members.add(MemberProcess.start(cluster, port, ports, dir)));
        client = MemberProcess.client(cluster, members);
        await().atMost(Duration.ofSeconds(90)).until(() -> client.getCluster().getMembers().size() == count);
        return members;
    }

    /** Writes sessions, 64 in flight, until {@code bytes} are written or a member is gone; returns how many it wrote. */
    private long fill(long bytes) {
        IMap<String, byte[]> sessions = client.getMap(MAP);
        Semaphore inFlight = new Semaphore(64);
        AtomicLong failures = new AtomicLong();
        long count = bytes / SESSION_BYTES;
        long i = 0;
        for (; i < count && failures.get() == 0; i++) {
            if (i % 1000 == 0 && !members.stream().allMatch(MemberProcess::isAlive)) {
                break;
            }
            byte[] session = new byte[SESSION_BYTES];
            session[0] = (byte) i;
            acquire(inFlight, 1);
            sessions.setAsync("session-" + i, session).whenComplete((ok, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                }
                inFlight.release();
            });
        }
        acquire(inFlight, 64);
        return i - failures.get();
    }

    private static void acquire(Semaphore semaphore, int permits) {
        try {
            if (!semaphore.tryAcquire(permits, 90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("writes did not complete in 90 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
