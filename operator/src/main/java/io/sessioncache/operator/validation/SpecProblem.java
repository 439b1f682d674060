package io.sessioncache.operator.validation;

/** One reason a spec cannot be applied, naming the field so a user knows what to fix. */
public record SpecProblem(String field, String message, String reason) {

    public static final String INVALID_SPEC = "InvalidSpec";

    public SpecProblem(String field, String message) {
        this(field, message, INVALID_SPEC);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
