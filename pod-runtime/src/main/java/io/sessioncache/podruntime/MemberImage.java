package io.sessioncache.podruntime;

import java.nio.file.Path;

/**
 * The files of a hazelcast/hazelcast image that its start script uses: the member jar, and the bundled JMX exporter
 * agent with the image's configuration for it, which the script loads when {@code PROMETHEUS_PORT} is set.
 */
public record MemberImage(Path jar, Path exporterAgent, Path exporterConfig) {
}
