package io.sessioncache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.e2e.gate.AuditedChange;
import io.sessioncache.e2e.gate.MemberRemoval;
import io.sessioncache.e2e.gate.MemberRemovals;
import io.sessioncache.e2e.load.SessionLoad;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.sandbox.LocalStack;
import org.assertj.core.api.SoftAssertions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Members that are merely slow still hold every session. With every member frozen (SIGSTOP, as a long GC pause or CPU
 * starvation looks) and a roll pending, the operator must remove none of them: it halts and says why, and once they
 * thaw the roll resumes and completes without losing a session. Removals are read from the API server's audit log.
 */
@ExtendWith(LocalSessionCacheExtension.class)
class FrozenMembersE2E {

    private static final String NAME = "frozen";
    private static final int MEMBERS = 3;
    private static final int SESSIONS = 5_000;
    private static final int SESSION_BYTES = 1024;
    private static final int LOAD_THREADS = 4;
    /** The members' liveness probe restarts a frozen member after about 60 s (6 x 10 s): thaw well before. */
    private static final Duration MAX_FREEZE = Duration.ofSeconds(45);
    /** How long every member stays unready before the thaw, so the operator looks at the halted roll several times. */
    private static final Duration HOLD_UNREADY = Duration.ofSeconds(10);
    private static final int MIN_RECONCILES_UNREADY = 3;
    private static final Duration ROLL_TIMEOUT = Duration.ofMinutes(8);

    @Test
    void aRollPendingWhileEveryMemberIsFrozenRemovesNoMemberAndCompletesAfterTheThaw(KubernetesClient client,
                                                                                    E2ENamespace namespace, LocalStack stack) {
        String ns = namespace.name();
        RunningClusters.create(client, ns, NAME, MEMBERS, spec -> spec.getSessions().setBackupCount(1));
        SessionCluster ready = RunningClusters.awaitReady(client, ns, NAME, MEMBERS);
        HazelcastInstance hazelcast = RunningClusters.connect(RunningClusters.publishedClientConfig(client, ready));
        IMap<String, byte[]> sessions = hazelcast.getMap(ready.getSpec().getSessions().getMapName());
        Map<String, String> before = RunningClusters.podUids(client, ns, NAME);
        FreezeSeen seen;
        MemberRemovals removals;
        SessionLoad.Verification verification;
        try (SessionLoad load = new SessionLoad(sessions, SESSIONS, SESSION_BYTES);
             AuditedChange change = AuditedChange.start(client, stack.controlPlane().auditLog(), ns, NAME, MEMBERS,
                     ROLL_TIMEOUT.plusMinutes(2))) {
            load.populate();
            load.start(LOAD_THREADS);
            Instant frozenAt = Instant.now();
            List<String> frozen = new ArrayList<>();
            try {
                for (String pod : before.keySet()) {
                    stack.runtime().freeze(ns, pod);
                    frozen.add(pod);
                }
                RunningClusters.patchSpec(client, ns, NAME, "{\"sessions\": {\"maxIdleSeconds\": 1860}}");
                seen = holdWhileFrozen(client, ns, stack, frozenAt);
            } finally {
                frozen.forEach(pod -> stack.runtime().thaw(ns, pod));
            }
            System.out.printf("frozen for %d s: %s%n", Duration.between(frozenAt, Instant.now()).toSeconds(), seen);
            List<MemberRemoval> whileFrozen = change.removals().removals();
            SoftAssertions.assertSoftly(halt -> {
                halt.assertThat(whileFrozen).as("members removed while every member was frozen")
                        .extracting(MemberRemoval::write).isEmpty();
                halt.assertThat(seen.allUnreadyAt()).as("every member turned unready while frozen").isNotNull();
                halt.assertThat(seen.reconcilesWhileUnready()).as("reconciles while every member was unready")
                        .isGreaterThanOrEqualTo(MIN_RECONCILES_UNREADY);
                halt.assertThat(seen.degraded()).as("the roll reported halted (Degraded=True) while the members were frozen")
                        .hasValueSatisfying(degraded -> assertThat(degraded.getReason()).isNotBlank());
            });

            RunningClusters.awaitRolledAndReady(client, ns, NAME, before, ROLL_TIMEOUT);
            SessionLoad.LoadReport report = load.stop();
            verification = load.verify();
            System.out.printf("roll after the thaw: %s, %s%n", verification, report);
            change.close();
            removals = change.assertEveryRemovalSafe();
        } finally {
            hazelcast.shutdown();
        }

        assertThat(removals.removals()).as("after the thaw, each member replaced once")
                .extracting(MemberRemoval::member).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(RunningClusters.podUids(client, ns, NAME).values()).doesNotContainAnyElementsOf(before.values());
        assertThat(verification.lost()).as("sessions lost").isZero();
        assertThat(verification.stale()).as("stale sessions").isZero();
    }

    /**
     * What the operator and the pods showed while every member was frozen.
     *
     * @param allUnreadyAt when every member pod was first seen unready, or null if that never happened
     * @param degraded the first Degraded=True condition seen while frozen
     */
    record FreezeSeen(Instant allUnreadyAt, double reconcilesWhileUnready, Optional<Condition> degraded) {
        @Override
        public String toString() {
            return "all members unready %s, %.0f reconciles since, Degraded %s".formatted(allUnreadyAt == null ? "never" : "at " + allUnreadyAt,
                    reconcilesWhileUnready, degraded.map(c -> "True (" + c.getReason() + ": " + c.getMessage() + ")").orElse("never True"));
        }
    }

    /**
     * Keeps the members frozen until they are all unready, the operator has reconciled several times since, and it has
     * reported the halt; or until {@link #MAX_FREEZE} has passed since {@code frozenAt}, whichever comes first.
     */
    private static FreezeSeen holdWhileFrozen(KubernetesClient client, String ns, LocalStack stack, Instant frozenAt) {
        Instant allUnreadyAt = null;
        double reconcilesAtUnready = 0;
        double reconciles = 0;
        Optional<Condition> degraded = Optional.empty();
        Instant deadline = frozenAt.plus(MAX_FREEZE);
        while (Instant.now().isBefore(deadline)) {
            List<Pod> pods = RunningClusters.members(client, ns, NAME);
            if (allUnreadyAt == null && pods.size() == MEMBERS && pods.stream().noneMatch(FrozenMembersE2E::isReady)) {
                allUnreadyAt = Instant.now();
                reconcilesAtUnready = reconciles(stack, ns);
            }
            if (degraded.isEmpty()) {
                degraded = degraded(RunningClusters.get(client, ns, NAME));
            }
            reconciles = allUnreadyAt == null ? 0 : reconciles(stack, ns) - reconcilesAtUnready;
            if (allUnreadyAt != null && degraded.isPresent() && reconciles >= MIN_RECONCILES_UNREADY
                    && Duration.between(allUnreadyAt, Instant.now()).compareTo(HOLD_UNREADY) >= 0) {
                break;
            }
            Pause.of(Duration.ofMillis(500));
        }
        return new FreezeSeen(allUnreadyAt, reconciles, degraded);
    }

    private static Optional<Condition> degraded(SessionCluster cluster) {
        if (cluster == null || cluster.getStatus() == null) {
            return Optional.empty();
        }
        return cluster.getStatus().getConditions().stream()
                .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The operator's own count of reconciles of this cluster (documented in docs/operations.md). */
    private static double reconciles(LocalStack stack, String ns) {
        Matcher line = Pattern.compile("^sessioncache_reconciles_total\\{([^}]*)} ([0-9.Ee+-]+)$", Pattern.MULTILINE)
                .matcher(stack.operator().metrics());
        while (line.find()) {
            if (line.group(1).contains("name=\"" + NAME + "\"") && line.group(1).contains("namespace=\"" + ns + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
