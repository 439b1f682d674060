package io.sessioncache.e2e.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.controlplane.PrometheusTools;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server on 127.0.0.1 with a given configuration, asked through its
 * HTTP API. Its data, configuration and log stay in its directory.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Builds a Prometheus with Kubernetes service discovery once and prints its directory. */
    public static final String BUILD_SCRIPT = "control-plane/build-prometheus.sh";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GuardedProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(GuardedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * A Prometheus server with Kubernetes service discovery, built once from its Go module by {@link #BUILD_SCRIPT}
     * (Debian's package has none). Without Go to build it the calling test is skipped, or fails where
     * {@link PrometheusTools#REQUIRED} is set.
     */
    public static Path withKubernetesDiscovery(Path repositoryRoot) throws IOException {
        Path printed = Files.createTempFile("build-prometheus-", ".out");
        Process build = new ProcessBuilder("bash", repositoryRoot.resolve(BUILD_SCRIPT).toString())
                .redirectOutput(printed.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            if (build.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES) && build.exitValue() == 0) {
                List<String> lines = Files.readAllLines(printed);
                return Path.of(lines.get(lines.size() - 1)).resolve("prometheus");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building prometheus", e);
        } finally {
            build.destroyForcibly();
            Files.delete(printed);
        }
        String message = BUILD_SCRIPT + " could not build prometheus; its messages above say why";
        if (Boolean.parseBoolean(System.getenv(PrometheusTools.REQUIRED))) {
            throw new AssertionError(message + ". " + PrometheusTools.REQUIRED + " is set, so this test must run");
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /** Writes {@code configuration} to {@code dir}/prometheus.yml, starts the server and returns once it is ready. */
    public static PrometheusServer start(Path binary, Path dir, String configuration) throws IOException {
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("prometheus.yml"), configuration);
        int port = LocalControlPlane.freePort();
        GuardedProcess process = GuardedProcess.start("prometheus", List.of(binary.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), Map.of(), dir, dir.resolve("prometheus.log"));
        PrometheusServer server = new PrometheusServer(process, port);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited during start; see " + process.log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Pause.of(Duration.ofMillis(500));
        }
        throw new IllegalStateException("prometheus not ready within " + START_TIMEOUT + "; see " + process.log());
    }

    /** The result vector of an instant query: each element has {@code metric} (labels) and {@code value} [time, "v"]. */
    public List<JsonNode> query(String promql) throws IOException {
        return elements(api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result"));
    }

    /** Every active alert (pending or firing) with its labels, state and value. */
    public List<JsonNode> alerts() throws IOException {
        return elements(api("/api/v1/alerts").path("alerts"));
    }

    /** The sample value of one element of {@link #query}. */
    public static double value(JsonNode element) {
        return Double.parseDouble(element.path("value").get(1).asText());
    }

    /** Where its HTTP API answers, e.g. for {@link io.sessioncache.controlplane.DashboardQueries}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return process.log();
    }

    private JsonNode api(String path) throws IOException {
        HttpResponse<String> response = get(path);
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri().resolve(path)).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking prometheus for " + path, e);
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }

}
