package io.sessioncache.operator.bench;

import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.member.PartitionChecksums;
import io.sessioncache.operator.VersionedMembers;
import io.sessioncache.operator.upgrade.CopyProgress;
import io.sessioncache.operator.upgrade.SessionCopier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How fast the upgrade's copy moves sessions from a 5.6.0 member to a 5.7.0 member, and what it holds in memory, side
 * by side with what Hazelcast's advice for Community Edition amounts to (an application-side loop over the map with
 * the plain API: it needs the value classes, and every entry lands with the map's default expiry). Also the upgrade's
 * last pass over a map nothing changed: how long clients wait at the switch. Run with
 * {@code mvn -B verify -Pbenchmark -pl operator -am -Dit.test=SessionCopyBenchmark -Dfailsafe.failIfNoSpecifiedTests=false};
 * {@code -Dbench.sessions} (100,000), {@code -Dbench.sessionBytes} (10,240: 1 GB in all), {@code -Dbench.repeats} (3),
 * {@code -Dbench.memberHeap} (3g). Prints its figures, asserts nothing about them.
 */
class SessionCopyBenchmark {

    private static final String MAP = "sessions";
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    record Run(String method, int repeat, double seconds, long sessions, long bytes, long peakHeapBytes) {

        String row() {
            double megabytes = bytes / 1_048_576.0;
            return String.format("| %s | %d | %.1f | %,.0f | %.1f | %d |", method, repeat, seconds, sessions / seconds,
                    megabytes / seconds, peakHeapBytes / 1_048_576);
        }
    }

    @Test
    void copyRateAndMemory() throws Exception {
        int sessions = Integer.getInteger("bench.sessions", 100_000);
        int sessionBytes = Integer.getInteger("bench.sessionBytes", 10_240);
        int repeats = Integer.getInteger("bench.repeats", 3);
        Path dir = Files.createTempDirectory("session-copy-bench");
        int oldPort = TestPorts.free();
        int newPort = TestPorts.free();
        List<Run> runs = new ArrayList<>();
        List<HazelcastInstance> clients = new ArrayList<>();
        try (VersionedMembers members = new VersionedMembers(dir, "bench").heap(System.getProperty("bench.memberHeap", "3g"))) {
            // The session-extensions jars give members the last pass's partition checksums.
            List<Path> memberJars = List.of(VersionedMembers.classesOf(PartitionChecksums.class));
            members.start("5.6.0", memberJars, oldPort, oldPort);
            members.start("5.7.0", memberJars, newPort, newPort);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> VersionedMembers.clusterSize(oldPort) == 1 && VersionedMembers.clusterSize(newPort) == 1);
            HazelcastInstance fromOld = connect(oldPort, clients);
            HazelcastInstance toNew = connect(newPort, clients);
            load(fromOld.getMap(MAP), sessions, sessionBytes);
            IMap<Object, Object> target = toNew.getMap(MAP);
            for (int repeat = 1; repeat <= repeats; repeat++) {
                target.clear();
                SessionCopier copier = new SessionCopier(fromOld, toNew, MAP, 100);
                runs.add(measure("operator copy (bytes, with expiry)", repeat, () -> copier.copyAll(page -> { })));
                runs.add(measure("operator last pass, nothing changed", repeat, copier::copyDifferences));
                target.clear();
                runs.add(measure("application loop (IMap iterator + putAll)", repeat,
                        () -> applicationLoop(fromOld.getMap(MAP), target)));
            }
        } finally {
            clients.forEach(HazelcastInstance::shutdown);
        }
        System.out.printf("%nSession copy, %,d sessions of %,d bytes (%.0f MB), 5.6.0 member -> 5.7.0 member, %d cores%n",
                sessions, sessionBytes, sessions * (double) sessionBytes / 1_048_576, Runtime.getRuntime().availableProcessors());
        System.out.println("| method | repeat | seconds | sessions/s | MB/s | heap kept by the copying JVM, peak after GC (MiB) |");
        System.out.println("|---|---|---|---|---|---|");
        runs.forEach(run -> System.out.println(run.row()));
    }

    /**
     * Times one copy, and samples the heap it keeps: a forced GC every second, then the heap in use, so garbage the
     * collector has not yet reclaimed does not count (the JVM may let it grow to a quarter of the machine's memory).
     */
    private static Run measure(String method, int repeat, Supplier<CopyProgress> copy) throws InterruptedException {
        System.gc();
        AtomicLong peak = new AtomicLong(MEMORY.getHeapMemoryUsage().getUsed());
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
                peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
            }
        });
        sampler.start();
        long started = System.nanoTime();
        CopyProgress progress = copy.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();
        sampler.join();
        Run run = new Run(method, repeat, seconds, progress.copied(), progress.bytes(), peak.get());
        System.out.println(run.row());
        return run;
    }

    private static CopyProgress applicationLoop(IMap<Object, Object> source, IMap<Object, Object> target) {
        Map<Object, Object> batch = new HashMap<>();
        long copied = 0;
        long bytes = 0;
        for (Map.Entry<Object, Object> entry : source) {
            batch.put(entry.getKey(), entry.getValue());
            bytes += ((byte[]) entry.getValue()).length;
            if (batch.size() == 100) {
                target.putAll(batch);
                copied += batch.size();
                batch.clear();
            }
        }
        target.putAll(batch);
        return new CopyProgress(copied + batch.size(), 0, bytes, 0);
    }

    private static void load(IMap<Object, Object> map, int sessions, int sessionBytes) {
        Map<Object, Object> batch = new HashMap<>();
        for (int i = 0; i < sessions; i++) {
            byte[] session = new byte[sessionBytes];
            ThreadLocalRandom.current().nextBytes(session);
            batch.put("session-" + i, session);
            if (batch.size() == 100 || i == sessions - 1) {
                map.putAll(batch);
                batch.clear();
            }
            if (i % 20_000 == 0) {
                System.out.printf("loading sessions: %,d of %,d%n", i, sessions);
            }
        }
    }

    private static HazelcastInstance connect(int port, List<HazelcastInstance> clients) {
        ClientConfig config = new ClientConfig().setClusterName("bench");
        config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        clients.add(client);
        return client;
    }
}
