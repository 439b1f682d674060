package io.sessioncache.e2e;

import static org.awaitility.Awaitility.await;

import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.controlplane.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One replica of an example web app as a real process on 127.0.0.1, configured the way a pod would be: the published
 * hazelcast-client.yaml as a file, the map name, and Service names resolved through the runtime's hosts file.
 */
final class WebAppReplica implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final GuardedProcess process;
    private final URI base;

    private WebAppReplica(GuardedProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** The Spring Boot example, {@code examples/spring-boot-sessions}. */
    static WebAppReplica springBoot(String name, Path clientConfig, String mapName, Path workDir) {
        Path jar = RepositoryRoot.find().resolve("examples/spring-boot-sessions/target/spring-boot-sessions.jar");
        return start(name, jar, Map.of("SESSIONCACHE_CLIENT_CONFIG", "file:" + clientConfig, "SERVER_ADDRESS", "127.0.0.1"),
                mapName, workDir, "/cart");
    }

    /** The servlet example on hazelcast-wm, {@code examples/hazelcast-wm-sessions}. */
    static WebAppReplica hazelcastWm(String name, Path clientConfig, String mapName, Path workDir) {
        Path jar = RepositoryRoot.find().resolve("examples/hazelcast-wm-sessions/target/hazelcast-wm-sessions.jar");
        return start(name, jar, Map.of("SESSIONCACHE_CLIENT_CONFIG", clientConfig.toString(), "ADDRESS", "127.0.0.1"),
                mapName, workDir, "/visit");
    }

    private static WebAppReplica start(String name, Path jar, Map<String, String> appEnv, String mapName, Path workDir, String probePath) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor builds it (mvn -B verify)");
        }
        int port = freePort();
        Map<String, String> env = new java.util.HashMap<>(appEnv);
        env.put("SESSIONCACHE_MAP_NAME", mapName);
        env.put("PORT", String.valueOf(port));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
                "-Dsun.net.inetaddr.ttl=1", "-Dhazelcast.logging.type=jdk", "-jar", jar.toString()));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GuardedProcess process = GuardedProcess.start(name, command, env, workDir, workDir.resolve(name + ".log"));
        WebAppReplica replica = new WebAppReplica(process, URI.create("http://127.0.0.1:" + port));
        replica.awaitAnswering(probePath);
        return replica;
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    Path log() {
        return process.log();
    }

    /** Any HTTP answer counts: the app is up, whether or not a session exists. */
    private void awaitAnswering(String path) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await(process.name() + " answers HTTP (log " + process.log() + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(process.name() + " exited; see " + process.log());
                    }
                    try {
                        http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
