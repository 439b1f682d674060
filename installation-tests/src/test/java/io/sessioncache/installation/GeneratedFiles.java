package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checked-in generated files: the build fails when one differs from what its generator makes now. Run the build with
 * -Dsessioncache.regenerate=true to write them anew.
 */
final class GeneratedFiles {

    static final String REGENERATE = "sessioncache.regenerate";

    private GeneratedFiles() {
    }

    static void assertUpToDate(Path checkedIn, String generated) {
        try {
            if (Boolean.getBoolean(REGENERATE)) {
                Files.createDirectories(checkedIn.getParent());
                Files.writeString(checkedIn, generated, StandardCharsets.UTF_8);
                return;
            }
            assertThat(checkedIn)
                    .as("%s is generated; it is missing. Regenerate with: mvn test -pl installation-tests -D%s=true",
                            checkedIn, REGENERATE)
                    .exists();
            assertThat(Files.readString(checkedIn, StandardCharsets.UTF_8))
                    .as("%s is generated and out of date. Regenerate with: mvn test -pl installation-tests -D%s=true",
                            checkedIn, REGENERATE)
                    .isEqualTo(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
