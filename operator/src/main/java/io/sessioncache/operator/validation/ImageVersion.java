package io.sessioncache.operator.validation;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hazelcast version an image reference names in its tag ({@code repo/hazelcast:5.6.0}, {@code :5.6.0-slim},
 * {@code :5.6}). The version policy compares spec.version with what members run; an image tagged with another version
 * would change the members' version past it, so the two must agree. An image pinned by digest, or tagged without a
 * version ({@code latest}, a build id), says nothing checkable and is trusted to hold spec.version.
 */
public final class ImageVersion {

    /** major.minor or major.minor.patch, optionally after a "v" and before a suffix such as -slim or -jdk21. */
    private static final Pattern VERSION_TAG = Pattern.compile("^v?(\\d+\\.\\d+(?:\\.\\d+)?)(?:[-_+].*)?$");

    private ImageVersion() {
    }

    public static Optional<SpecProblem> check(String image, String version) {
        return taggedVersion(image)
                .filter(tagged -> !agrees(tagged, version))
                .map(tagged -> new SpecProblem("spec.image", ("%s is tagged with Hazelcast %s but spec.version %s: the "
                        + "version policy compares spec.version with what the members run, so set spec.version to the "
                        + "image's version (a minor version change is refused either way), or use an image of %s")
                        .formatted(image, tagged, version, version)));
    }

    static Optional<String> taggedVersion(String image) {
        if (image == null || image.contains("@")) {
            return Optional.empty();
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Matcher version = VERSION_TAG.matcher(lastPart.substring(colon + 1));
        return version.matches() ? Optional.of(version.group(1)) : Optional.empty();
    }

    /** A major.minor tag agrees with every patch of its line. */
    private static boolean agrees(String tagged, String version) {
        return tagged.equals(version) || (tagged.chars().filter(c -> c == '.').count() == 1
                && VersionPolicy.minorLine(version).equals(tagged));
    }
}
