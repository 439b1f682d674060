package io.sessioncache.e2e.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.LocalControlPlane;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RemovalGateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HealthReading SAFE_3 = new HealthReading(true, "ACTIVE", "ACTIVE", true, 0, 3);
    private static final HealthReading SAFE_2 = new HealthReading(true, "ACTIVE", "ACTIVE", true, 0, 2);

    @Test
    void aRemovalFromAHealthyFullClusterPasses() {
        RemovalGate gate = new RemovalGate("c", List.of(round(900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3),
                ready("c-2", "c", SAFE_3))));

        assertThat(gate.violations(List.of(delete(1000, "c-2", 3)))).isEmpty();
    }

    @Test
    void aRemovalWhileAnotherMemberIsUnreadyIsReported() {
        RemovalGate gate = new RemovalGate("c", List.of(round(900, ready("c-0", "a", SAFE_3),
                new MemberSample("c-1", "b", false, false, HealthReading.UNREACHABLE), ready("c-2", "c", SAFE_3))));

        assertThat(gate.violations(List.of(delete(1000, "c-2", 3))))
                .singleElement().asString().contains("delete pods c-2").contains("c-1 was c-1 UNREADY no answer");
    }

    @Test
    void aRemovalFromAClusterThatIsNotSafeNotActiveOrTooSmallIsReported() {
        HealthReading unsafe = new HealthReading(true, "ACTIVE", "ACTIVE", false, 4, 3);
        HealthReading frozen = new HealthReading(true, "ACTIVE", "FROZEN", true, 0, 3);
        RemovalGate gate = new RemovalGate("c", List.of(round(900, ready("c-0", "a", unsafe), ready("c-1", "b", frozen),
                ready("c-2", "c", SAFE_2))));

        assertThat(gate.violations(List.of(delete(1000, "c-3", 4))))
                .hasSize(3).anySatisfy(v -> assertThat(v).contains("c-0 was").contains("UNSAFE"))
                .anySatisfy(v -> assertThat(v).contains("c-1 was").contains("FROZEN"))
                .anySatisfy(v -> assertThat(v).contains("c-2 was").contains("size 2"))
                .noneSatisfy(v -> assertThat(v).contains("c-3 was"));
    }

    @Test
    void aSecondReplicasDecreaseBeforeTheFirstMemberIsGoneIsReported() {
        RemovalGate gate = new RemovalGate("c", List.of(
                round(900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3), ready("c-2", "c", SAFE_3)),
                round(1900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3),
                        new MemberSample("c-2", "c", false, true, SAFE_3))));
        List<MemberRemoval> removals = List.of(decrease(1000, 3, 2), decrease(2000, 2, 1));

        assertThat(gate.violations(removals)).anySatisfy(v -> assertThat(v)
                .startsWith("replicas 2 -> 1").contains("previous removal (replicas 3 -> 2").contains("c-2 UNREADY terminating"));
    }

    @Test
    void aRestartBeforeThePreviousRestartedMemberIsReadyAgainIsReported() {
        RemovalGate gate = new RemovalGate("c", List.of(
                round(900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3), ready("c-2", "c", SAFE_3)),
                round(1900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3), ready("c-2", "c", SAFE_3)),
                round(2900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3), ready("c-2", "new", SAFE_3))));

        assertThat(gate.violations(List.of(delete(1000, "c-2", 3), delete(2000, "c-1", 3))))
                .singleElement().asString().contains("the old pod still there");
        assertThat(gate.violations(List.of(delete(1000, "c-2", 3), delete(3000, "c-1", 3)))).isEmpty();
    }

    @Test
    void healthSeenLongBeforeTheWriteProvesNothing() {
        RemovalGate gate = new RemovalGate("c", List.of(round(900, ready("c-0", "a", SAFE_3), ready("c-1", "b", SAFE_3),
                ready("c-2", "c", SAFE_3))));

        assertThat(gate.violations(List.of(delete(900 + RemovalGate.FRESH.toMillis() + 200, "c-2", 3))))
                .singleElement().asString().contains("no member health seen");
    }

    @Test
    void removalsAndTheReplicasSequenceComeFromTheOperatorsSuccessfulWrites() throws Exception {
        List<AuditLog.Entry> entries = List.of(
                entry(100, LocalControlPlane.OPERATOR_USER, "patch", "statefulsets", "", "c", 200, "{\"spec\":{\"replicas\":5}}"),
                entry(200, LocalControlPlane.OPERATOR_USER, "patch", "statefulsets", "", "c", 200, "{\"spec\":{\"replicas\":4}}"),
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
    }

    private static AuditLog.Entry entry(long millis, String user, String verb, String resource, String subresource, String name,
                                        int code, String response) throws Exception {
        JsonNode body = response == null ? MissingNode.getInstance() : new ObjectMapper().readTree(response);
        return new AuditLog.Entry(T0.plusMillis(millis), user, verb, resource, subresource, "ns", name, code,
                MissingNode.getInstance(), body);
    }

    private static MemberRemoval delete(long millis, String pod, int replicas) {
        return new MemberRemoval(T0.plusMillis(millis), MemberRemoval.Kind.POD_DELETE, "delete pods " + pod, pod, replicas, 1);
    }

    private static MemberRemoval decrease(long millis, int from, int to) {
        return new MemberRemoval(T0.plusMillis(millis), MemberRemoval.Kind.REPLICAS_DECREASE, "replicas " + from + " -> " + to,
                "c-" + (from - 1), from, from - to);
    }

    private static MemberSample ready(String name, String uid, HealthReading health) {
        return new MemberSample(name, uid, true, false, health);
    }

    private static HealthRound round(long finishedMillis, MemberSample... members) {
        Map<String, MemberSample> byName = Arrays.stream(members).collect(Collectors.toMap(MemberSample::name, Function.identity()));
        return new HealthRound(T0.plusMillis(finishedMillis - 50), T0.plusMillis(finishedMillis), byName);
    }
}
