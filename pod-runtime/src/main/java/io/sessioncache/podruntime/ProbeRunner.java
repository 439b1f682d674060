package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One probe of one container run as the kubelet does: first after initialDelaySeconds, then every periodSeconds, each
 * attempt bounded by timeoutSeconds, the result following the thresholds. Attempts run asynchronously; {@link #tick}
 * never blocks.
 */
public final class ProbeRunner {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Probe probe;
    private final Container container;
    private final String podIp;
    private final ProbeState state;
    private Instant nextAttempt;
    private CompletableFuture<Boolean> pending;

    /** @param initiallyPassing readiness starts failing, liveness starts passing */
    public ProbeRunner(Probe probe, Container container, String podIp, Instant containerStarted, boolean initiallyPassing) {
        this.probe = probe;
        this.container = container;
        this.podIp = podIp;
        this.state = new ProbeState(orDefault(probe.getSuccessThreshold(), 1), orDefault(probe.getFailureThreshold(), 3),
                initiallyPassing);
        this.nextAttempt = containerStarted.plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
    }

    /** Collects a finished attempt and starts the next one when due; returns the probe's current result. */
    public boolean tick(Instant now) {
        if (pending != null && pending.isDone()) {
            state.record(pending.getNow(false));
            pending = null;
        }
        if (pending == null && !now.isBefore(nextAttempt)) {
            pending = attempt();
            nextAttempt = now.plusSeconds(orDefault(probe.getPeriodSeconds(), 10));
        }
        return state.passing();
    }

    public boolean passing() {
        return state.passing();
    }

    private CompletableFuture<Boolean> attempt() {
        Duration timeout = Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1));
        if (probe.getHttpGet() != null) {
            HTTPGetAction get = probe.getHttpGet();
            String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
            String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
            String path = get.getPath() == null ? "/" : get.getPath();
            URI uri = URI.create(scheme + "://" + host + ":" + port(get.getPort()) + (path.startsWith("/") ? path : "/" + path));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "kube-probe/1.34");
            if (get.getHttpHeaders() != null) {
                get.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
            }
            return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .thenApply(response -> response.statusCode() >= 200 && response.statusCode() < 400)
                    .exceptionally(e -> false);
        }
        if (probe.getTcpSocket() != null) {
            int port = port(probe.getTcpSocket().getPort());
            return CompletableFuture.supplyAsync(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(podIp, port), (int) timeout.toMillis());
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }
        // exec probes would run inside the container's filesystem, which this runtime does not have: treat as passing
        return CompletableFuture.completedFuture(true);
    }

    private int port(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no container port named " + port.getStrVal()));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
