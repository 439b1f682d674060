package io.sessioncache.controlplane;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The packaged operator (operator/target/quarkus-app/quarkus-run.jar) run as its own process against a kubeconfig,
 * exactly as a user runs it outside a cluster. Tests can kill and restart it.
 */
public final class OperatorProcess implements AutoCloseable {

    public static final String JAR = "operator/target/quarkus-app/quarkus-run.jar";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int SCRAPE_ATTEMPTS = 3;

    private final GuardedProcess process;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(GuardedProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts the operator with the Helm chart's JVM options ({@link OperatorJvmOptions}) and returns once its readiness
     * endpoint reports it up (informers synced).
     */
    public static OperatorProcess start(Path repositoryRoot, Path kubeconfig, Path log, Map<String, String> extraEnv) {
        return start(repositoryRoot, kubeconfig, log, extraEnv, OperatorJvmOptions.fromChart(repositoryRoot));
    }

    /** Starts the operator with the given JVM options (none: the JVM's defaults), as {@link #start(Path, Path, Path, Map)}. */
    public static OperatorProcess start(Path repositoryRoot, Path kubeconfig, Path log, Map<String, String> extraEnv,
                                        List<String> jvmOptions) {
        Path jar = repositoryRoot.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with `mvn -pl operator -am package -DskipTests`");
        }
        int port = LocalControlPlane.freePort();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HTTP_PORT", String.valueOf(port));
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        GuardedProcess process = GuardedProcess.start("sessioncache-operator", command, env, log.getParent(), log);
        OperatorProcess operator = new OperatorProcess(process, port);
        operator.awaitReady();
        return operator;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The operator JVM's pid (not its guard's), or -1 once it is gone. */
    public long pid() {
        return process.childPid();
    }

    public Path log() {
        return process.log();
    }

    /** Why the operator is no longer running, with where its log is; empty while it runs. */
    public Optional<String> exited() {
        return process.exitCode().stream().mapToObj(code -> "the operator exited with code %d; see %s".formatted(code, process.log()))
                .findFirst();
    }

    /** SIGKILL: the operator gets no chance to finish what it was doing. */
    public void kill() {
        process.stop(Duration.ZERO);
    }

    /**
     * Body of the operator's Prometheus metrics endpoint. A scrape that times out while the operator runs is tried again,
     * up to {@link #SCRAPE_ATTEMPTS} times: on a starved machine one request can outlast its timeout, and how fast the
     * endpoint answers is not what callers check.
     */
    public String metrics() {
        for (int attempt = 1; ; attempt++) {
            try {
                return get("/q/metrics").body();
            } catch (IllegalStateException e) {
                if (attempt == SCRAPE_ATTEMPTS || !(e.getCause() instanceof HttpTimeoutException) || !process.isAlive()) {
                    throw e;
                }
            }
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited during start; see " + process.log());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the operator was not ready within " + START_TIMEOUT + "; see " + process.log());
    }

    /**
     * One GET, answered or failed within {@link #REQUEST_TIMEOUT}. HTTP/1.1: over the default HTTP/2 upgrade to the
     * operator's server, a request was seen to wait for 11 minutes with the client's own timeout never firing, so the
     * deadline is also kept here.
     */
    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(REQUEST_TIMEOUT).build();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return response.get(REQUEST_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(path, e.getCause());
        } catch (TimeoutException e) {
            response.cancel(true);
            throw unreachable(path, new HttpTimeoutException("no answer within " + REQUEST_TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private IllegalStateException unreachable(String path, Throwable cause) {
        return new IllegalStateException("operator endpoint " + path + " unreachable ("
                + exited().orElse("the operator is running; see " + process.log()) + ")", cause);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
