package io.sessioncache.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.controlplane.TestNamespace;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A halted roll tells once and then keeps quiet: one Warning event when it halts, and no status write while nothing
 * changes. Members never become Ready here (no pod runtime runs them), so with a roll pending and a 5 s member-ready
 * timeout the roll halts for certain; the operator's writes are counted in the API server's audit log.
 */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
@OperatorEnvironment("SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT=PT5S")
class HaltedRollIT {

    private static final String NAME = "halted";
    /** Lets the reconcile that reported the halt finish its writes before the quiet period is counted. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(60);

    private final LocalControlPlane plane;
    private final KubernetesClient client;
    private final TestNamespace namespace;

    HaltedRollIT(LocalControlPlane plane, KubernetesClient client, TestNamespace namespace) {
        this.plane = plane;
        this.client = client;
        this.namespace = namespace;
    }

    @Test
    void aHaltedRollWarnsOnceAndWritesStatusOnlyWhenItChanges() {
        AuditLog audit = plane.auditLog();
        long created = audit.mark();
        HaltingCluster cluster = new HaltingCluster(client, namespace.name(), NAME);
        cluster.create();
        String reason = cluster.haltARoll();
        Pause.of(SETTLE);
        long quietFrom = audit.mark();
        Pause.of(QUIET);

        List<AuditLog.Entry> haltWarnings = warnings(audit.entriesSince(created)).stream()
                .filter(e -> reason.equals(e.requestObject().path("reason").asText())).toList();
        List<AuditLog.Entry> warningsWhileHalted = warnings(audit.entriesSince(quietFrom));
        List<AuditLog.Entry> statusWritesWhileHalted = statusWrites(audit.entriesSince(quietFrom));
        System.out.printf("halt %s: %d Warning event(s) for it in all; over %d s halted: %d Warning event(s), %d status write(s)%n",
                reason, haltWarnings.size(), QUIET.toSeconds(), warningsWhileHalted.size(), statusWritesWhileHalted.size());

        SoftAssertions.assertSoftly(quiet -> {
            quiet.assertThat(reason).as("the halt's reason").isNotBlank();
            quiet.assertThat(haltWarnings).as("Warning events for the halt (" + reason + ")").hasSize(1);
            quiet.assertThat(warningsWhileHalted).as("Warning events while the halt went on unchanged")
                    .extracting(e -> e.requestObject().path("reason").asText() + ": " + e.requestObject().path("message").asText())
                    .isEmpty();
            quiet.assertThat(statusWritesWhileHalted).as("status writes while the halt went on unchanged")
                    .extracting(AuditLog.Entry::describe).isEmpty();
            quiet.assertThat(cluster.degradedReason()).as("still halted at the end").isPresent();
        });
    }

    /**
     * Warning events the operator created about this cluster (core/v1 names it involvedObject, events.k8s.io regarding),
     * and any update of an event named for it (a repeat counted on an existing event is a write too).
     */
    private List<AuditLog.Entry> warnings(List<AuditLog.Entry> entries) {
        return entries.stream()
                .filter(e -> e.by(LocalControlPlane.OPERATOR_USER) && e.isWrite() && "events".equals(e.resource()))
                .filter(e -> namespace.name().equals(e.namespace()) && e.succeeded())
                .filter(e -> "create".equals(e.verb()) ? isWarningAboutTheCluster(e) : e.name().startsWith(NAME + "."))
                .toList();
    }

    private static boolean isWarningAboutTheCluster(AuditLog.Entry create) {
        return "Warning".equals(create.requestObject().path("type").asText())
                && (NAME.equals(create.requestObject().path("involvedObject").path("name").asText())
                || NAME.equals(create.requestObject().path("regarding").path("name").asText()));
    }

    private List<AuditLog.Entry> statusWrites(List<AuditLog.Entry> entries) {
        return entries.stream()
                .filter(e -> e.by(LocalControlPlane.OPERATOR_USER) && e.isWrite())
                .filter(e -> "sessionclusters".equals(e.resource()) && "status".equals(e.subresource()) && NAME.equals(e.name()))
                .toList();
    }
}
