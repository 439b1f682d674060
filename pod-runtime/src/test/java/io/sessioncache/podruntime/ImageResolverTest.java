package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
        assertThatThrownBy(() -> new ImageResolver(Path.of("/nonexistent")).pull("nginx:1.27"))
                .isInstanceOf(ImageResolver.ImagePullException.class)
                .hasMessageContaining("only hazelcast/hazelcast:<version>");
    }
}
