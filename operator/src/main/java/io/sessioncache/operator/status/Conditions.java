package io.sessioncache.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the condition list, keeping lastTransitionTime when a condition's status did not change. */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private final List<Condition> previous;
    private final Instant now;
    private final long generation;
    private final List<Condition> next = new ArrayList<>();

    public Conditions(List<Condition> previous, Instant now, long generation) {
        this.previous = previous == null ? List.of() : previous;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        this.generation = generation;
    }

    public Conditions set(ConditionType type, boolean status, String reason, String message) {
        return set(type, status ? TRUE : FALSE, reason, message);
    }

    public Conditions set(ConditionType type, String status, String reason, String message) {
        String transitionTime = find(previous, type)
                .filter(old -> status.equals(old.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        next.add(new ConditionBuilder()
                .withType(type.name())
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transitionTime)
                .build());
        return this;
    }

    public List<Condition> build() {
        return List.copyOf(next);
    }

    public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, ConditionType type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }
}
