package io.sessioncache.podruntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Pulls" an image: {@code hazelcast/hazelcast:<version>} is the member jar {@code com.hazelcast:hazelcast:<version>}
 * from the local Maven repository, fetched once with {@code mvn dependency:get} when absent. Other images cannot run here.
 */
public final class ImageResolver {

    private static final Pattern HAZELCAST = Pattern.compile(
            "^(?:(?:docker\\.io|registry-1\\.docker\\.io)/)?(?:library/)?hazelcast/hazelcast:([0-9]+\\.[0-9]+\\.[0-9]+)(?:-[A-Za-z0-9.]+)?$");
    private static final long PULL_TIMEOUT_MINUTES = 5;

    private final Path mavenRepository;

    public ImageResolver(Path mavenRepository) {
        this.mavenRepository = mavenRepository;
    }

    public static ImageResolver fromUserHome() {
        return new ImageResolver(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    /** The Hazelcast version an image stands for, when it is a Hazelcast image. */
    public static Optional<String> hazelcastVersion(String image) {
        if (image == null) {
            return Optional.empty();
        }
        Matcher matcher = HAZELCAST.matcher(image.trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    public Path jarOf(String version) {
        return mavenRepository.resolve(Path.of("com", "hazelcast", "hazelcast", version, "hazelcast-" + version + ".jar"));
    }

    /** The member jar for {@code image}; downloads it into the Maven repository when missing. */
    public Path pull(String image) throws ImagePullException {
        String version = hazelcastVersion(image).orElseThrow(() -> new ImagePullException(
                "the local pod runtime runs only hazelcast/hazelcast:<version> images (mapped to com.hazelcast:hazelcast:<version>), not " + image));
        Path jar = jarOf(version);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        try {
            Process mvn = new ProcessBuilder("mvn", "-q", "-B", "dependency:get", "-Dtransitive=false",
                    "-Dartifact=com.hazelcast:hazelcast:" + version)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!mvn.waitFor(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                mvn.destroyForcibly();
                throw new ImagePullException("timed out resolving com.hazelcast:hazelcast:" + version);
            }
        } catch (IOException e) {
            throw new ImagePullException("cannot run mvn to resolve com.hazelcast:hazelcast:" + version + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePullException("interrupted while resolving " + image);
        }
        if (!Files.isRegularFile(jar)) {
            throw new ImagePullException("com.hazelcast:hazelcast:" + version + " could not be resolved from Maven Central");
        }
        return jar;
    }

    /** Why an image cannot run: reported as the container's ErrImagePull. */
    public static final class ImagePullException extends Exception {
        public ImagePullException(String message) {
            super(message);
        }
    }
}
