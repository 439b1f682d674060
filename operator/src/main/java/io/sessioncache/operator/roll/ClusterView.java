package io.sessioncache.operator.roll;

import java.time.Instant;
import java.util.List;

/**
 * The members of one cluster at one instant: the input of every roller decision, so the decisions are pure and survive
 * an operator restart (everything here is read back from the API server and the members).
 *
 * @param expectedMembers the StatefulSet's replicas: how many member pods should exist right now
 */
public record ClusterView(int expectedMembers, String updateRevision, List<MemberView> members, Instant now) {

    public List<MemberView> outdated() {
        return members.stream().filter(m -> m.outdated(updateRevision)).toList();
    }

    public boolean allSafe() {
        return !members.isEmpty() && members.stream().allMatch(m -> m.health().safe() && m.health().clusterSize() == members.size());
    }
}
