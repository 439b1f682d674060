package io.sessioncache.e2e.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.LocalControlPlane;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemovalGateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HealthReading SAFE_3 = new HealthReading(true, "ACTIVE", "ACTIVE", true, 0, 3);
    private static final HealthReading SAFE_2 = new HealthReading(true, "ACTIVE", "ACTIVE", true, 0, 2);

    @Test
    void aRemovalFromAHealthyFullClusterPasses() {
        Timeline members = threeReadyMembers().health(900, SAFE_3, "a", "b", "c");

        assertThat(members.gate().violations(List.of(delete(1000, "c-2", 3)))).isEmpty();
    }

    @Test
    void aRemovalWhileAnotherMemberIsUnreadyIsReported() {
        Timeline members = threeReadyMembers().pod(500, "c-1", "b", false).health(900, SAFE_3, "a", "b", "c");

        assertThat(members.gate().violations(List.of(delete(1000, "c-2", 3))))
                .singleElement().asString().contains("delete pods c-2").contains("c-1 was c-1 UNREADY");
    }

    @Test
    void aMemberThatTurnedReadyJustBeforeTheWriteCountsAsReady() {
        Timeline members = threeReadyMembers().pod(10, "c-1", "b", false).health(900, SAFE_3, "a", "b", "c")
                .pod(980, "c-1", "b", true);

        assertThat(members.gate().violations(List.of(delete(1000, "c-2", 3)))).isEmpty();
    }

    @Test
    void aMemberTheApiServerMadeReadyBeforeTheDeleteIsReadyThereThoughItsWatchEventCameAfter() {
        // The delete of c-2 at 1000 ms made it terminating at version 1001; the watch brought that at 1040 ms.
        Timeline readyFirst = threeReadyMembers().pod(10, "c-1", "b", false).health(900, SAFE_3, "a", "b", "c")
                .terminatingSeenAt(1040, 1001, "c-2", "c").podSeenAt(1050, 990, "c-1", "b", true);
        Timeline readyAfter = threeReadyMembers().pod(10, "c-1", "b", false).health(900, SAFE_3, "a", "b", "c")
                .terminatingSeenAt(1040, 1001, "c-2", "c").podSeenAt(1050, 1005, "c-1", "b", true);

        assertThat(readyFirst.gate().violations(List.of(delete(1000, "c-2", 3)))).isEmpty();
        assertThat(readyAfter.gate().violations(List.of(delete(1000, "c-2", 3))))
                .singleElement().asString().contains("c-1 was c-1 UNREADY");
    }

    @Test
    void aRemovalFromAClusterThatIsNotSafeNotActiveOrTooSmallIsReported() {
        HealthReading unsafe = new HealthReading(true, "ACTIVE", "ACTIVE", false, 4, 3);
        HealthReading frozen = new HealthReading(true, "ACTIVE", "FROZEN", true, 0, 3);
        Timeline members = threeReadyMembers().health(900, unsafe, "a").health(900, frozen, "b").health(900, SAFE_2, "c");

        assertThat(members.gate().violations(List.of(delete(1000, "c-3", 4))))
                .hasSize(3).anySatisfy(v -> assertThat(v).contains("c-0 was").contains("UNSAFE"))
                .anySatisfy(v -> assertThat(v).contains("c-1 was").contains("FROZEN"))
                .anySatisfy(v -> assertThat(v).contains("c-2 was").contains("size 2"));
    }

    @Test
    void aSecondReplicasDecreaseBeforeTheFirstMemberIsGoneIsReported() {
        Timeline members = threeReadyMembers().health(900, SAFE_3, "a", "b", "c")
                .terminating(1100, "c-2", "c").health(1900, SAFE_3, "a", "b");
        List<MemberRemoval> removals = List.of(decrease(1000, 3, 2), decrease(2000, 2, 1));

        assertThat(members.gate().violations(removals)).anySatisfy(v -> assertThat(v)
                .startsWith("replicas 2 -> 1").contains("previous removal (replicas 3 -> 2").contains("c-2 UNREADY terminating"));
        assertThat(members.gone(1500, "c-2", "c").health(1950, SAFE_2, "a", "b").gate().violations(removals)).isEmpty();
    }

    @Test
    void aRestartBeforeTheRestartedMemberIsBackAndReadyIsReported() {
        Timeline members = threeReadyMembers().health(900, SAFE_3, "a", "b", "c").health(1900, SAFE_3, "a", "b")
                .gone(1300, "c-2", "c").pod(1400, "c-2", "new", false).health(2900, SAFE_3, "a", "b", "new")
                .pod(2500, "c-2", "new", true);

        assertThat(members.gate().violations(List.of(delete(1000, "c-2", 3), delete(1200, "c-1", 3))))
                .anySatisfy(v -> assertThat(v).contains("had not finished: the old pod still there"));
        assertThat(members.gate().violations(List.of(delete(1000, "c-2", 3), delete(2000, "c-1", 3))))
                .anySatisfy(v -> assertThat(v).contains("had not finished: c-2 UNREADY"));
        assertThat(members.gate().violations(List.of(delete(1000, "c-2", 3), delete(3000, "c-1", 3)))).isEmpty();
    }

    @Test
    void healthSeenLongBeforeTheWriteProvesNothing() {
        Timeline members = threeReadyMembers().health(900, SAFE_3, "a", "b", "c");

        assertThat(members.gate().violations(List.of(delete(900 + RemovalGate.FRESH.toMillis() + 200, "c-2", 3))))
                .hasSize(2).allSatisfy(v -> assertThat(v).contains("no health answer"));
    }

    @Test
    void removalsAndTheReplicasSequenceComeFromTheOperatorsSuccessfulWrites() throws Exception {
        List<AuditLog.Entry> entries = List.of(
                entry(100, LocalControlPlane.OPERATOR_USER, "patch", "statefulsets", "", "c", 200, "{\"spec\":{\"replicas\":5}}"),
                entry(200, LocalControlPlane.OPERATOR_USER, "patch", "statefulsets", "", "c", 200,
                        "{\"metadata\":{\"resourceVersion\":\"4711\"},\"spec\":{\"replicas\":4}}"),
                entry(300, LocalControlPlane.ADMIN_USER, "delete", "pods", "", "c-4", 200, null),
                entry(400, LocalControlPlane.OPERATOR_USER, "delete", "pods", "", "c-1", 404, null),
                entry(500, LocalControlPlane.OPERATOR_USER, "delete", "pods", "", "c-2", 200, null),
                entry(600, LocalControlPlane.OPERATOR_USER, "delete", "pods", "", "other-2", 200, null),
                entry(700, LocalControlPlane.OPERATOR_USER, "patch", "statefulsets", "status", "c", 200, "{\"spec\":{\"replicas\":1}}"),
                entry(800, LocalControlPlane.OPERATOR_USER, "patch", "statefulsets", "scale", "c", 200, "{\"spec\":{\"replicas\":2}}"));

        MemberRemovals found = MemberRemovals.of(entries, "ns", "c", 5);

        assertThat(found.replicas()).containsExactly(5, 4, 2);
        assertThat(found.removals()).extracting(MemberRemoval::member, MemberRemoval::replicasBefore, MemberRemoval::membersRemoved)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c-4", 5, 1), org.assertj.core.groups.Tuple.tuple("c-2", 4, 1),
                        org.assertj.core.groups.Tuple.tuple("c-3", 4, 2));
        assertThat(found.removals()).extracting(MemberRemoval::version).as("a replicas write's own resourceVersion")
                .containsExactly(4711L, 0L, 0L);
    }

    @Test
    void aDrainsEvictionsCountButTheKubeletsFinalDeleteOfAStoppedPodDoesNot() throws Exception {
        List<AuditLog.Entry> entries = List.of(
                entry(100, LocalControlPlane.ADMIN_USER, "create", "pods", "eviction", "c-0", 201, null),
                entry(200, LocalControlPlane.ADMIN_USER, "create", "pods", "eviction", "c-1", 429, null),
                entry(900, LocalControlPlane.ADMIN_USER, "delete", "pods", "", "c-0", 200, null),
                entry(950, "someone-else", "create", "pods", "eviction", "c-2", 201, null));

        MemberRemovals found = MemberRemovals.of(entries, "ns", "c", 3, java.util.Set.of(LocalControlPlane.ADMIN_USER));

        assertThat(found.removals()).extracting(MemberRemoval::member).containsExactly("c-0");
        assertThat(MemberRemovals.of(entries, "ns", "c", 3).removals()).as("the operator's alone").isEmpty();
    }

    private static AuditLog.Entry entry(long millis, String user, String verb, String resource, String subresource, String name,
                                        int code, String response) throws Exception {
        JsonNode body = response == null ? MissingNode.getInstance() : new ObjectMapper().readTree(response);
        return new AuditLog.Entry(T0.plusMillis(millis), user, verb, resource, subresource, "ns", name, code,
                MissingNode.getInstance(), body);
    }

    private static MemberRemoval delete(long millis, String pod, int replicas) {
        return new MemberRemoval(T0.plusMillis(millis), MemberRemoval.Kind.POD_DELETE, "delete pods " + pod, pod, replicas, 1, 0);
    }

    private static MemberRemoval decrease(long millis, int from, int to) {
        return new MemberRemoval(T0.plusMillis(millis), MemberRemoval.Kind.REPLICAS_DECREASE, "replicas " + from + " -> " + to,
                "c-" + (from - 1), from, from - to, 0);
    }

    private static Timeline threeReadyMembers() {
        return new Timeline().pod(0, "c-0", "a", true).pod(0, "c-1", "b", true).pod(0, "c-2", "c", true);
    }

    /** Pod changes and health answers at milliseconds after T0. */
    private static final class Timeline {
        private final List<PodState> pods = new ArrayList<>();
        private final List<HealthSample> health = new ArrayList<>();

        // A change arrives with the version the API server gave it; unless a test says otherwise, in the same order.
        Timeline pod(long millis, String name, String uid, boolean ready) {
            return podSeenAt(millis, millis + 1, name, uid, ready);
        }

        Timeline podSeenAt(long millis, long version, String name, String uid, boolean ready) {
            pods.add(new PodState(T0.plusMillis(millis), version, name, uid, ready, false, false));
            return this;
        }

        Timeline terminating(long millis, String name, String uid) {
            return terminatingSeenAt(millis, millis + 1, name, uid);
        }

        Timeline terminatingSeenAt(long millis, long version, String name, String uid) {
            pods.add(new PodState(T0.plusMillis(millis), version, name, uid, false, true, false));
            return this;
        }

        Timeline gone(long millis, String name, String uid) {
            pods.add(new PodState(T0.plusMillis(millis), millis + 1, name, uid, false, true, true));
            return this;
        }

        Timeline health(long millis, HealthReading reading, String... uids) {
            for (String uid : uids) {
                health.add(new HealthSample(T0.plusMillis(millis), uid, reading));
            }
            return this;
        }

        RemovalGate gate() {
            return new RemovalGate("c", new MemberTimeline(pods, health));
        }
    }
}
