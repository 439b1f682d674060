package io.sessioncache.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checked-in generated files (the CRD, the chart's copy of it, the kubectl bundle, the API reference): the build fails
 * when one differs from what its generator makes now. Run the build with -Dsessioncache.regenerate=true to write them
 * anew.
 */
public final class GeneratedFiles {

    public static final String REGENERATE = "sessioncache.regenerate";

    private GeneratedFiles() {
    }

    public static void assertUpToDate(Path checkedIn, String generated) {
        try {
            if (Boolean.getBoolean(REGENERATE)) {
                Files.createDirectories(checkedIn.getParent());
                Files.writeString(checkedIn, generated, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(checkedIn)) {
                throw new AssertionError(checkedIn + " is generated and missing. " + howToRegenerate());
            }
            if (!Files.readString(checkedIn, StandardCharsets.UTF_8).equals(generated)) {
                throw new AssertionError(checkedIn + " is generated and out of date. " + howToRegenerate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String howToRegenerate() {
        return "Regenerate with: mvn -B test -D" + REGENERATE + "=true";
    }
}
