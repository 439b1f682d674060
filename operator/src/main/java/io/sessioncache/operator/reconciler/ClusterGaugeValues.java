package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.status.ConditionType;
import io.sessioncache.operator.status.Conditions;
import io.sessioncache.operator.status.StatusBuilder;

/**
 * What one SessionCluster's gauges show, read off the status a reconcile computed, so the metrics never tell another
 * story than {@code kubectl get}. Pure.
 *
 * @param haltReason the Degraded condition's reason while it is True (a halted roll, an invalid spec, a failed
 *                   reconcile: the operator waits for help), else null
 */
record ClusterGaugeValues(int membersDesired, int membersReady, int membersUpdated, boolean safe, boolean rolling,
                          String haltReason) {

    /** Before the first status: nothing known, nothing claimed. */
    static final ClusterGaugeValues NOTHING_YET = new ClusterGaugeValues(0, 0, 0, false, false, null);

    static ClusterGaugeValues of(SessionCluster cluster, SessionClusterStatus status) {
        return new ClusterGaugeValues(
                cluster.getSpec().getReplicas(),
                orZero(status.getReadyReplicas()),
                orZero(status.getUpdatedReplicas()),
                Boolean.TRUE.equals(status.getClusterSafe()),
                Conditions.find(status.getConditions(), ConditionType.Progressing)
                        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
                        .map(Condition::getReason)
                        .filter(StatusBuilder.REASON_ROLLING::equals)
                        .isPresent(),
                Conditions.find(status.getConditions(), ConditionType.Degraded)
                        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
                        .map(Condition::getReason)
                        .orElse(null));
    }

    boolean halted() {
        return haltReason != null;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
