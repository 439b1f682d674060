package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP probe run as the kubelet runs it: a GET of its path every periodSeconds, each bounded by timeoutSeconds,
 * passing on a 2xx or 3xx answer; failureThreshold failures in a row fail the probe (for liveness: the kubelet kills the
 * container).
 */
final class KubeletHttpProbe {

    private final Probe probe;
    private final URI uri;
    private final HttpClient http;
    private int consecutiveFailures;
    private int mostConsecutiveFailures;

    /** @param port where the probed port listens in this test (the member's port stands for the container's) */
    KubeletHttpProbe(Probe probe, String host, int port) {
        this.probe = probe;
        this.uri = URI.create("http://" + host + ":" + port + probe.getHttpGet().getPath());
        this.http = HttpClient.newBuilder().connectTimeout(timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One attempt; returns what the member answered ("200 {...}") or why it did not. */
    String attempt() {
        String outcome;
        boolean passed;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout()).build(),
                    HttpResponse.BodyHandlers.ofString());
            passed = response.statusCode() >= 200 && response.statusCode() < 400;
            outcome = response.statusCode() + " " + response.body().strip();
        } catch (Exception e) {
            passed = false;
            outcome = e.getClass().getSimpleName();
        }
        consecutiveFailures = passed ? 0 : consecutiveFailures + 1;
        mostConsecutiveFailures = Math.max(mostConsecutiveFailures, consecutiveFailures);
        return outcome;
    }

    /** Whether the kubelet would have killed the container at some point so far. */
    boolean wouldHaveKilled() {
        return mostConsecutiveFailures >= probe.getFailureThreshold();
    }

    Duration period() {
        return Duration.ofSeconds(probe.getPeriodSeconds());
    }

    /** How long a member may fail the probe before the kubelet kills it. */
    Duration failureWindow() {
        return period().multipliedBy(probe.getFailureThreshold());
    }

    private Duration timeout() {
        return Duration.ofSeconds(probe.getTimeoutSeconds());
    }
}
