package io.sessioncache.installation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command, as a user types it: it speaks whatever API version the daemon has (20.10's 1.41 here),
 * which docker-java clients have to be told. Every call is bounded in time.
 */
final class DockerCli {

    /** Where build-images.sh writes the images, and how to run it. */
    static final String BUILD_COMMAND = "container-images/build-images.sh";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        String outTrimmed() {
            return out.strip();
        }
    }

    private DockerCli() {
    }

    /** Why no Docker engine can run containers here, or empty when one answers. */
    static Optional<String> engineMissing() {
        try {
            Result version = run(Duration.ofSeconds(20), "version", "--format", "{{.Server.APIVersion}}");
            return version.ok() ? Optional.empty()
                    : Optional.of("no Docker engine answers `docker version` (" + version.err().strip()
                    + "); install docker.io and start dockerd");
        } catch (UncheckedIOException noCli) {
            return Optional.of("no `docker` command on PATH; install docker.io and start dockerd");
        }
    }

    static boolean imageExists(String image) {
        return run(Duration.ofSeconds(20), "image", "inspect", "--format", "{{.Id}}", image).ok();
    }

    static Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    static Result run(Duration timeout, String... args) {
        return run(timeout, List.of(args));
    }

    static Result run(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("docker", ".out");
            err = Files.createTempFile("docker", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Runs the command and returns its standard output, failing with its error output when it fails. */
    static String check(String... args) {
        Result result = run(args);
        if (!result.ok()) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + result.exitCode() + "): "
                    + result.err().strip());
        }
        return result.outTrimmed();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
