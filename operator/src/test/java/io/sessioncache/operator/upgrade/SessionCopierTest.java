package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy an upgrade rests on, between real members of two minor versions (a 5.6 set and a 5.7 set under one cluster
 * name, as the upgrade runs them): values of a type only the application knows arrive byte for byte, with their
 * expiry, and keys clients change during the copy are caught up.
 */
class SessionCopierTest {

    private static final String MAP = "sessions";
    private static final int SESSIONS = 2_000;
    private static final String WITHOUT_MEMBER_JARS = "without-member-jars";

    @TempDir
    Path dir;
    private TwoMemberSets sets;
    private int oldPort;
    private int newPort;

    @BeforeEach
    void twoMemberSets(TestInfo test) throws IOException {
        sets = test.getTags().contains(WITHOUT_MEMBER_JARS) ? TwoMemberSets.withoutMemberJars(dir) : new TwoMemberSets(dir);
        oldPort = sets.oldPort;
        newPort = sets.newPort;
    }

    @AfterEach
    void stop() {
        sets.close();
    }

    @Test
    void copiesValuesItHasNoClassForByteForByteWithTheirExpiry() {
        IMap<String, AppSession> written = application(oldPort).getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            written.set("session-" + i, AppSession.of(i), 1_800, TimeUnit.SECONDS, 600, TimeUnit.SECONDS);
        }

        // The copier's clients know no application type: values travel as the bytes the application wrote.
        long copyStarted = System.currentTimeMillis();
        CopyProgress progress = new SessionCopier(operator(oldPort), operator(newPort), MAP, 100).copyAll(page -> { });

        long copyTook = System.currentTimeMillis() - copyStarted;
        assertThat(progress.copied()).isEqualTo(SESSIONS);
        assertThat(progress.bytes()).isGreaterThan(SESSIONS * AppSession.PAYLOAD);
        IMap<String, AppSession> copied = application(newPort).getMap(MAP);
        assertThat(copied.size()).isEqualTo(SESSIONS);
        for (int i = 0; i < SESSIONS; i += 97) {
            // Entry views first: a get counts as an access and restarts the idle clock.
            EntryView<String, AppSession> before = written.getEntryView("session-" + i);
            EntryView<String, AppSession> after = copied.getEntryView("session-" + i);
            assertThat(copied.get("session-" + i)).isEqualTo(AppSession.of(i));
            assertThat(after.getTtl()).isEqualTo(before.getTtl());
            assertThat(after.getMaxIdle()).isEqualTo(before.getMaxIdle());
            // The target restarts the idle clock when the copy lands: a session may live up to the copy's length
            // longer, never shorter (members keep these times to the second).
            assertThat(after.getExpirationTime()).isBetween(before.getExpirationTime(),
                    before.getExpirationTime() + copyTook + 2_000);
        }
    }

    @Test
    void catchesUpWithWhatClientsChangedDuringTheCopy() throws Exception {
        IMap<String, AppSession> written = application(oldPort).getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            written.set("session-" + i, AppSession.of(i));
        }
        HazelcastInstance fromOld = operator(oldPort);
        SessionCopier copier = new SessionCopier(fromOld, operator(newPort), MAP, 50);

        try (ChangedKeys changed = new ChangedKeys(fromOld, MAP)) {
            AtomicBoolean copying = new AtomicBoolean(true);
            AtomicInteger writes = new AtomicInteger();
            Thread clientsWriting = new Thread(() -> {
                for (int round = 0; copying.get() && round < 100_000; round++) {
                    int i = round % (SESSIONS + 200);
                    if (round % 10 == 0) {
                        written.delete("session-" + (round / 10) % SESSIONS);
                    } else {
                        written.set("session-" + i, new AppSession("user-" + i, round, AppSession.of(i).attributes()));
                    }
                    writes.incrementAndGet();
                }
            });
            clientsWriting.start();
            copier.copyAll(page -> { });
            copying.set(false);
            clientsWriting.join(Duration.ofSeconds(30).toMillis());
            assertThat(writes.get()).as("clients wrote while the copy ran").isGreaterThan(100);

            // Events trail the writes: catch up until a pass finds nothing left to do.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                copier.copyKeys(changed.drain());
                return sameContent(written, application(newPort).getMap(MAP));
            });
        }
    }

    /** What an operator restarted mid-upgrade finds: a target filled by a copier that is gone, and sessions ended since. */
    @Test
    void aCopierThatDidNotFillTheTargetLeavesNoEndedSessionThere() {
        IMap<String, AppSession> written = application(oldPort).getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            written.set("session-" + i, AppSession.of(i));
        }
        new SessionCopier(operator(oldPort), operator(newPort), MAP, 100).copyAll(page -> { });
        for (int i = 0; i < SESSIONS; i += 3) {
            written.remove("session-" + i);
        }
        written.set("session-1", new AppSession("user-1", 7, AppSession.of(1).attributes()));

        // The last pass of a new copier: it reads what the target holds, writes what differs and removes what the source
        // lost.
        CopyProgress last = new SessionCopier(operator(oldPort), operator(newPort), MAP, 100).copyDifferences();
        assertThat(last.copied()).as("only the session changed since").isEqualTo(1);
        assertThat(last.deleted()).isEqualTo((SESSIONS + 2) / 3);
        assertThat(sameContent(written, application(newPort).getMap(MAP))).isTrue();

        // A full copy by a new copier starts from an empty target.
        for (int i = 1; i < SESSIONS; i += 3) {
            written.remove("session-" + i);
        }
        new SessionCopier(operator(oldPort), operator(newPort), MAP, 100).copyAll(page -> { });
        assertThat(sameContent(written, application(newPort).getMap(MAP))).isTrue();
    }

    /** Members whose jars predate the checksums: the last pass still makes the target exact, reading every entry. */
    @Test
    @Tag(WITHOUT_MEMBER_JARS)
    void withoutChecksumsOnTheMembersTheLastPassComparesEveryEntry() {
        IMap<String, AppSession> written = application(oldPort).getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            written.set("session-" + i, AppSession.of(i));
        }
        SessionCopier copier = new SessionCopier(operator(oldPort), operator(newPort), MAP, 100);
        copier.copyAll(page -> { });
        written.set("session-3", new AppSession("user-3", 7, AppSession.of(3).attributes()));

        CopyProgress last = copier.copyDifferences();
        assertThat(last.copied()).isEqualTo(1);
        assertThat(last.compared()).isEqualTo(SESSIONS);
        assertThat(sameContent(written, application(newPort).getMap(MAP))).isTrue();
    }

    /** Under the fence the keys the events named are copied; only a partition whose checksums differ is read whole. */
    @Test
    void theLastPassReadsWholeOnlyThePartitionOfAChangeNoEventNamed() {
        IMap<String, AppSession> written = application(oldPort).getMap(MAP);
        for (int i = 0; i < SESSIONS; i++) {
            written.set("session-" + i, AppSession.of(i));
        }
        HazelcastInstance fromOld = operator(oldPort);
        SessionCopier copier = new SessionCopier(fromOld, operator(newPort), MAP, 100);
        copier.copyAll(page -> { });
        Set<Data> named = new HashSet<>();
        try (ChangedKeys changed = new ChangedKeys(fromOld, MAP)) {
            written.set("session-1", new AppSession("user-1", 7, AppSession.of(1).attributes()));
            written.remove("session-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                named.addAll(changed.drain());
                return named.size() == 2;
            });
        }
        // A change whose event never reached the copier.
        written.set("session-3", new AppSession("user-3", 7, AppSession.of(3).attributes()));

        CopyProgress last = copier.copyDifferences(named);
        assertThat(last.copied()).as("session-1, and session-3 found by its partition's checksum").isEqualTo(2);
        assertThat(last.deleted()).isEqualTo(1);
        assertThat(last.compared()).as("entries read whole: session-3's partition only").isBetween(1L, SESSIONS / 20L);
        assertThat(sameContent(written, application(newPort).getMap(MAP))).isTrue();
    }

    private static boolean sameContent(IMap<String, AppSession> expected, IMap<String, AppSession> actual) {
        return expected.entrySet().equals(actual.entrySet());
    }

    private HazelcastInstance application(int port) {
        return sets.application(port);
    }

    private HazelcastInstance operator(int port) {
        return sets.operator(port);
    }
}
