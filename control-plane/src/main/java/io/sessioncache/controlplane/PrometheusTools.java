package io.sessioncache.controlplane;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own programs (promtool, prometheus), found on the PATH. Debian's prometheus package ships both; .ci/run
 * installs it and sets the environment variable {@link #REQUIRED}, so there a missing program fails the test. Elsewhere the test is skipped with
 * a message.
 */
public final class PrometheusTools {

    public static final String REQUIRED = "SESSIONCACHE_PROMETHEUS_REQUIRED";

    private PrometheusTools() {
    }

    /** The program's path; aborts the calling test when it is missing, or fails it when {@link #REQUIRED} is set. */
    public static Path require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = program + " is not on the PATH: install it (Debian: apt-get install prometheus, then stop the"
                + " server it starts; .ci/run does both)";
        if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
            throw new AssertionError(message + ". " + REQUIRED + " is set, so this test must run");
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }
}
