package io.sessioncache.operator.api.v1alpha1;

/**
 * The Hazelcast Community Edition versions this operator runs: what the rendered member config is written for and the
 * test suite covers (5.3.x to 5.7.0). A version outside is refused by the API server, naming the range.
 */
public final class SupportedVersions {

    public static final String LOWEST = "5.3.0";
    public static final String FIRST_UNSUPPORTED = "6.0.0";
    public static final String RANGE = "from " + LOWEST + " up to (not including) " + FIRST_UNSUPPORTED;

    /** CEL on spec.version; the field's pattern already requires major.minor.patch. */
    static final String RULE = "!isSemver(self) || (semver(self).compareTo(semver('" + LOWEST + "')) >= 0"
            + " && semver(self).compareTo(semver('" + FIRST_UNSUPPORTED + "')) < 0)";
    static final String MESSAGE = "Hazelcast Community Edition versions " + RANGE + " are supported";

    private SupportedVersions() {
    }
}
