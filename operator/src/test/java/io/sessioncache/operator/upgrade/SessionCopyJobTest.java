package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy job between real members of two minor versions, while clients keep writing to the old set. */
class SessionCopyJobTest {

    private static final String MAP = "sessions";
    private static final int SESSIONS = 5_000;
    private static final int WRITERS = 4;

    @TempDir
    Path dir;
    private TwoMemberSets sets;
    private int oldPort;
    private int newPort;

    @BeforeEach
    void twoMemberSets() throws IOException {
        sets = new TwoMemberSets(dir);
        oldPort = sets.oldPort;
        newPort = sets.newPort;
    }

    @AfterEach
    void stop() {
        sets.close();
    }

    /**
     * Clients that change more keys during one catch-up pass than {@link CatchUp#FEW_KEYS} keep every pass
     * above it; the copy must still count as caught up once passes stop shrinking, or the upgrade never switches.
     */
    @Test
    void catchesUpWhileClientsWriteFasterThanOnePassCanDrain() throws Exception {
        IMap<String, byte[]> sessions = connect(oldPort).getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            sessions.set("session-" + i, new byte[512]);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    sessions.set("session-" + ThreadLocalRandom.current().nextInt(SESSIONS), new byte[512]);
                    writes.incrementAndGet();
                }
            });
            writer.start();
            writers.add(writer);
        }
        long started = System.nanoTime();
        try (SessionCopyJob job = SessionCopyJob.copy("test", () -> connect(oldPort), () -> connect(newPort), MAP)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> job.state() instanceof Copy.CaughtUp || job.state() instanceof Copy.Failed);
            double writesPerSecond = writes.get() / ((System.nanoTime() - started) / 1e9);
            assertThat(job.state()).isInstanceOf(Copy.CaughtUp.class);
            assertThat(writesPerSecond).as("clients changed more keys in each 500 ms pause than a caught-up pass may find")
                    .isGreaterThan(2.0 * CatchUp.FEW_KEYS);
        } finally {
            writing.set(false);
            for (Thread writer : writers) {
                writer.join(Duration.ofSeconds(10).toMillis());
            }
        }
    }

    private HazelcastInstance connect(int port) {
        return sets.operator(port);
    }
}
