package io.sessioncache.operator.status;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Optional;

/** What the operator saw of its members this reconcile, as far as status needs it. */
public record ClusterObservation(int replicas, int readyReplicas, int updatedReplicas,
                                 String currentRevision, String updateRevision, boolean statefulSetObserved) {

    public static final ClusterObservation NOTHING_YET = new ClusterObservation(0, 0, 0, null, null, false);

    public static ClusterObservation of(Optional<StatefulSet> statefulSet) {
        return statefulSet.map(ClusterObservation::of).orElse(NOTHING_YET);
    }

    private static ClusterObservation of(StatefulSet sts) {
        StatefulSetStatus status = sts.getStatus();
        if (status == null) {
            return NOTHING_YET;
        }
        boolean observed = status.getObservedGeneration() != null
                && status.getObservedGeneration().equals(sts.getMetadata().getGeneration());
        return new ClusterObservation(
                orZero(status.getReplicas()), orZero(status.getReadyReplicas()), orZero(status.getUpdatedReplicas()),
                status.getCurrentRevision(), status.getUpdateRevision(), observed);
    }

    public boolean rolledOut() {
        return updateRevision != null && updateRevision.equals(currentRevision);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
