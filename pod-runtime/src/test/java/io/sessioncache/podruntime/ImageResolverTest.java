package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class ImageResolverTest {

    @Test
    void hazelcastImagesMapToTheirVersion() {
        assertThat(ImageResolver.hazelcastVersion("hazelcast/hazelcast:5.7.0")).contains("5.7.0");
        assertThat(ImageResolver.hazelcastVersion("docker.io/hazelcast/hazelcast:5.6.0-slim")).contains("5.6.0");
    }

    @Test
    void otherImagesAndFloatingTagsDoNotMap() {
        assertThat(ImageResolver.hazelcastVersion("nginx:1.27")).isEmpty();
        assertThat(ImageResolver.hazelcastVersion("hazelcast/hazelcast:latest")).isEmpty();
        assertThat(ImageResolver.hazelcastVersion("hazelcast/hazelcast-enterprise:5.7.0")).isEmpty();
        assertThat(ImageResolver.hazelcastVersion(null)).isEmpty();
    }

    @Test
    void theJarIsTheMavenArtifactOfThatVersion() {
        ImageResolver resolver = new ImageResolver(Path.of("/repo"));
        assertThat(resolver.jarOf("5.7.0")).isEqualTo(Path.of("/repo/com/hazelcast/hazelcast/5.7.0/hazelcast-5.7.0.jar"));
    }

    @Test
    void pullingAnUnmappableImageSaysWhy() {
        assertThatThrownBy(() -> new ImageResolver(Path.of("/nonexistent")).pull("nginx:1.27", Path.of("/nonexistent")))
                .isInstanceOf(ImageResolver.ImagePullException.class)
                .hasMessageContaining("only hazelcast/hazelcast:<version>");
    }

    @Test
    void aHazelcastImageBringsItsJmxExporterAgentAndTheImagesExporterConfig(@TempDir Path dir) throws Exception {
        String[] exporter = ImageResolver.exporterCoordinates();
        Path repository = dir.resolve("m2");
        Path member = repository.resolve("com/hazelcast/hazelcast/5.7.0/hazelcast-5.7.0.jar");
        Path agent = repository.resolve("io/prometheus/jmx/jmx_prometheus_javaagent/" + exporter[2] + "/jmx_prometheus_javaagent-" + exporter[2] + ".jar");
        for (Path jar : new Path[] {member, agent}) {
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "jar bytes");
        }

        MemberImage image = new ImageResolver(repository).pull("hazelcast/hazelcast:5.7.0", dir.resolve("image"));

        assertThat(exporter).startsWith("io.prometheus.jmx", "jmx_prometheus_javaagent");
        assertThat(image.jar()).isEqualTo(member);
        assertThat(image.exporterAgent()).isEqualTo(agent);
        assertThat(image.exporterConfig()).isEqualTo(dir.resolve("image/config/jmx_agent_config.yaml"));
        assertThat(image.exporterConfig()).content().contains("whitelistObjectNames: [\"com.hazelcast*:type=Metrics,*\"]");
    }

    @Test
    void theExtensionsImageIsTheListedJarsOfTheLocalMavenRepositoryUnderExtensions(@TempDir Path dir) throws Exception {
        Path repository = dir.resolve("m2");
        Path jar = repository.resolve("org/example/member-lib/1.2/member-lib-1.2.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar bytes");
        Path list = dir.resolve("extensions.list");
        Files.writeString(list, """

                The following files have been resolved:
                   org.example:member-lib:jar:1.2:provided -- module member.lib [auto]
                """);

        Map<String, Path> files = new ImageResolver(repository, list).unpack("registry.example/sessioncache/session-extensions:0.1.0", dir.resolve("root"));

        assertThat(files).containsOnlyKeys("/extensions");
        assertThat(files.get("/extensions").resolve("member-lib-1.2.jar")).hasContent("jar bytes");
    }

    @Test
    void thisProjectsOwnJarComesFromWhereTheModuleLaidTheImageOut(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("session-extensions/target/classes");
        Path laidOut = dir.resolve("session-extensions/target/extensions/sessioncache-member-fence-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(classes);
        Files.createDirectories(laidOut.getParent());
        Files.writeString(laidOut, "fence bytes");
        Path list = classes.resolve("extensions.list");
        Files.writeString(list, """
                   io.sessioncache:sessioncache-member-fence:jar:0.1.0-SNAPSHOT:provided -- module sessioncache.member.fence
                """);

        Map<String, Path> files = new ImageResolver(dir.resolve("empty-m2"), list).unpack("sessioncache/session-extensions:0.1.0", dir.resolve("root"));

        assertThat(files.get("/extensions").resolve("sessioncache-member-fence-0.1.0-SNAPSHOT.jar")).hasContent("fence bytes");
    }

    @Test
    void theExtensionsImageWithoutItsModuleBuiltSaysHowToBuildIt(@TempDir Path dir) {
        assertThat(ImageResolver.isExtensionsImage("sessioncache/session-extensions:0.1.0")).isTrue();
        assertThat(ImageResolver.isExtensionsImage("busybox:1.36")).isFalse();
        assertThatThrownBy(() -> new ImageResolver(dir, dir.resolve("missing.list")).unpack("sessioncache/session-extensions:0.1.0", dir))
                .isInstanceOf(ImageResolver.ImagePullException.class)
                .hasMessageContaining("mvn -B -pl session-extensions package");
        assertThatThrownBy(() -> new ImageResolver(dir, null).unpack("busybox:1.36", dir))
                .isInstanceOf(ImageResolver.ImagePullException.class)
                .hasMessageContaining("only from sessioncache/session-extensions");
    }
}
