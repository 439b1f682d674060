package io.sessioncache.podruntime;

import io.sessioncache.controlplane.RepositoryRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Pulls" an image: {@code hazelcast/hazelcast:<version>} is the member jar {@code com.hazelcast:hazelcast:<version>}
 * from the local Maven repository, fetched once with {@code mvn dependency:get} when absent, with the JMX exporter agent
 * the image bundles ({@code io.prometheus.jmx:jmx_prometheus_javaagent}, the same way) and the image's exporter
 * configuration. The session-extensions
 * image ({@code [registry/]sessioncache/session-extensions:<tag>}, any tag) is a directory {@code /extensions} holding
 * the jars its module lists ({@code session-extensions/target/classes/extensions.list}, written by
 * {@code mvn -pl session-extensions package}), each taken from where the module laid the image out, else from the local
 * Maven repository. Other images cannot run here.
 */
public final class ImageResolver {

    private static final Pattern HAZELCAST = Pattern.compile(
            "^(?:(?:docker\\.io|registry-1\\.docker\\.io)/)?(?:library/)?hazelcast/hazelcast:([0-9]+\\.[0-9]+\\.[0-9]+)(?:-[A-Za-z0-9.]+)?$");
    private static final Pattern EXTENSIONS = Pattern.compile("^(?:[^/]+/)*sessioncache/session-extensions:[A-Za-z0-9._-]+$");
    /** A line of {@code mvn dependency:list}: {@code   group:artifact:jar:version:scope -- module ...}. */
    private static final Pattern LISTED_JAR = Pattern.compile("^\\s*([^:\\s]+):([^:\\s]+):jar:([^:\\s]+):[a-z]+.*$");
    public static final String EXTENSIONS_DIR = "/extensions";
    static final String EXPORTER_CONFIG = "jmx_agent_config.yaml";
    private static final long PULL_TIMEOUT_MINUTES = 5;

    private final Path mavenRepository;
    private final Path extensionsList;

    public ImageResolver(Path mavenRepository) {
        this(mavenRepository, null);
    }

    /** @param extensionsList the session-extensions module's jar list, or null when this checkout has none */
    public ImageResolver(Path mavenRepository, Path extensionsList) {
        this.mavenRepository = mavenRepository;
        this.extensionsList = extensionsList;
    }

    public static ImageResolver fromUserHome() {
        Path list;
        try {
            list = RepositoryRoot.find().resolve("session-extensions").resolve("target").resolve("classes").resolve("extensions.list");
        } catch (IllegalStateException noCheckout) {
            list = null;
        }
        return new ImageResolver(Path.of(System.getProperty("user.home"), ".m2", "repository"), list);
    }

    public static boolean isExtensionsImage(String image) {
        return image != null && EXTENSIONS.matcher(image.trim()).matches();
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
        return jarOf("com.hazelcast", "hazelcast", version);
    }

    private Path jarOf(String group, String artifact, String version) {
        return mavenRepository.resolve(Path.of(group.replace('.', '/'), artifact, version, artifact + "-" + version + ".jar"));
    }

    /**
     * Lays out the files of a non-member image under {@code root}, as the container will see them.
     *
     * @return each directory of the image by its path in the container
     */
    public Map<String, Path> unpack(String image, Path root) throws ImagePullException {
        if (!isExtensionsImage(image)) {
            throw new ImagePullException("the local pod runtime runs init containers only from sessioncache/session-extensions:<tag> "
                    + "(mapped to the jars of the session-extensions module), not " + image);
        }
        Path dir = root.resolve(EXTENSIONS_DIR.substring(1));
        try {
            Files.createDirectories(dir);
            for (String[] coordinates : listedJars()) {
                Path jar = laidOut(coordinates[1], coordinates[2]);
                if (!Files.isRegularFile(jar)) {
                    jar = resolve(coordinates[0], coordinates[1], coordinates[2]);
                }
                Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ImagePullException("cannot lay out " + image + ": " + e.getMessage());
        }
        return Map.of(EXTENSIONS_DIR, dir);
    }

    /**
     * The jar as the module laid the image out ({@code target/extensions}, beside {@code target/classes}): the only
     * place for this project's own member-side jar, which no Maven repository holds until it is installed.
     */
    private Path laidOut(String artifact, String version) {
        return extensionsList.getParent().resolveSibling("extensions").resolve(artifact + "-" + version + ".jar");
    }

    private List<String[]> listedJars() throws ImagePullException, IOException {
        if (extensionsList == null || !Files.isRegularFile(extensionsList)) {
            throw new ImagePullException("the session-extensions image stands for the jars its module lists, and " + extensionsList
                    + " is missing: build it with mvn -B -pl session-extensions package");
        }
        List<String[]> jars = new ArrayList<>();
        for (String line : Files.readAllLines(extensionsList)) {
            Matcher matcher = LISTED_JAR.matcher(line);
            if (matcher.matches()) {
                jars.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
            }
        }
        return jars;
    }

    /**
     * The member image's files, its jars downloaded into the Maven repository when missing.
     *
     * @param root where the image's own files (the exporter configuration) are laid out
     */
    public MemberImage pull(String image, Path root) throws ImagePullException {
        String version = hazelcastVersion(image).orElseThrow(() -> new ImagePullException(
                "the local pod runtime runs only hazelcast/hazelcast:<version> images (mapped to com.hazelcast:hazelcast:<version>), not " + image));
        Path jar = resolve("com.hazelcast", "hazelcast", version);
        String[] exporter = exporterCoordinates();
        Path agent = resolve(exporter[0], exporter[1], exporter[2]);
        return new MemberImage(jar, agent, writeExporterConfig(root));
    }

    /** group, artifact and version of the exporter agent, as the build names it. */
    static String[] exporterCoordinates() {
        Properties image = new Properties();
        try (InputStream in = resource("member-image.properties")) {
            image.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image.getProperty("jmx-exporter.coordinates").split(":");
    }

    private static Path writeExporterConfig(Path root) throws ImagePullException {
        Path config = root.resolve("config").resolve(EXPORTER_CONFIG);
        try (InputStream in = resource(EXPORTER_CONFIG)) {
            Files.createDirectories(config.getParent());
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ImagePullException("cannot lay out the JMX exporter configuration in " + config + ": " + e.getMessage());
        }
        return config;
    }

    private static InputStream resource(String name) {
        InputStream in = ImageResolver.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the pod runtime's classes");
        }
        return in;
    }

    /** A jar of the local Maven repository, fetched with {@code mvn dependency:get} when missing. */
    private Path resolve(String group, String artifact, String version) throws ImagePullException {
        String coordinates = group + ":" + artifact + ":" + version;
        Path jar = jarOf(group, artifact, version);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        try {
            Process mvn = new ProcessBuilder("mvn", "-q", "-B", "dependency:get", "-Dtransitive=false",
                    "-Dartifact=" + coordinates)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!mvn.waitFor(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                mvn.destroyForcibly();
                throw new ImagePullException("timed out resolving " + coordinates);
            }
        } catch (IOException e) {
            throw new ImagePullException("cannot run mvn to resolve " + coordinates + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePullException("interrupted while resolving " + coordinates);
        }
        if (!Files.isRegularFile(jar)) {
            throw new ImagePullException(coordinates + " could not be resolved from Maven Central");
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
