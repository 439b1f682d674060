package io.sessioncache.operator.roll;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Optional;

/**
 * The members' StatefulSet as planner and status need it: what it was told, and how far its controller has got.
 *
 * @param replicas        the member count it was told (spec.replicas)
 * @param observed        whether its controller has acted on its latest spec (status.observedGeneration)
 * @param pods            member pods its controller counts (status.replicas)
 */
public record StatefulSetState(boolean exists, int replicas, boolean observed, int pods, int readyPods,
                               int updatedPods, String currentRevision, String updateRevision) {

    public static final StatefulSetState ABSENT = new StatefulSetState(false, 0, false, 0, 0, 0, null, null);

    public static StatefulSetState of(Optional<StatefulSet> statefulSet) {
        return statefulSet.map(StatefulSetState::of).orElse(ABSENT);
    }

    private static StatefulSetState of(StatefulSet sts) {
        int replicas = orZero(sts.getSpec().getReplicas());
        StatefulSetStatus status = sts.getStatus();
        if (status == null) {
            return new StatefulSetState(true, replicas, false, 0, 0, 0, null, null);
        }
        boolean observed = status.getObservedGeneration() != null
                && status.getObservedGeneration().equals(sts.getMetadata().getGeneration());
        return new StatefulSetState(true, replicas, observed, orZero(status.getReplicas()), orZero(status.getReadyReplicas()),
                orZero(status.getUpdatedReplicas()), status.getCurrentRevision(), status.getUpdateRevision());
    }

    /** Every pod runs the newest revision. */
    public boolean rolledOut() {
        return updateRevision != null && updateRevision.equals(currentRevision);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
