package io.sessioncache.operator.validation;

/** One reason a spec cannot be applied, naming the field so a user knows what to fix. */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
