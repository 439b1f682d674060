package io.sessioncache.e2e.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Watches one cluster from outside the operator: every {@link #INTERVAL} it takes every member pod from a watch (uid,
 * readiness, deletion) and reads each member's /hazelcast/health, as the operator's gate would, and keeps the rounds
 * with their times. Bounded: it stops by itself after {@code maxDuration}.
 */
public final class MemberHealthSampler implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final int HEALTH_PORT = 5701;
    private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
    private final SharedIndexInformer<Pod> pods;
    private final List<HealthRound> rounds = new ArrayList<>();
    private final Thread thread;
    private final Instant deadline;
    private volatile boolean running = true;

    private MemberHealthSampler(KubernetesClient client, String namespace, String cluster, Duration maxDuration) {
        this.pods = client.pods().inNamespace(namespace).withLabel(INSTANCE_LABEL, cluster).inform();
        this.deadline = Instant.now().plus(maxDuration);
        this.thread = new Thread(this::sample, "member-health-sampler-" + cluster);
        this.thread.setDaemon(true);
    }

    public static MemberHealthSampler start(KubernetesClient client, String namespace, String cluster, Duration maxDuration) {
        MemberHealthSampler sampler = new MemberHealthSampler(client, namespace, cluster, maxDuration);
        sampler.thread.start();
        return sampler;
    }

    /** The rounds taken so far, oldest first. */
    public List<HealthRound> rounds() {
        synchronized (rounds) {
            return List.copyOf(rounds);
        }
    }

    private void sample() {
        while (running && Instant.now().isBefore(deadline)) {
            HealthRound round = round();
            synchronized (rounds) {
                rounds.add(round);
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private HealthRound round() {
        Instant started = Instant.now();
        Map<Pod, CompletableFuture<HealthReading>> pending = new LinkedHashMap<>();
        for (Pod pod : pods.getStore().list()) {
            pending.put(pod, health(pod.getStatus() == null ? null : pod.getStatus().getPodIP()));
        }
        Map<String, MemberSample> members = new LinkedHashMap<>();
        pending.forEach((pod, health) -> members.put(pod.getMetadata().getName(), new MemberSample(pod.getMetadata().getName(),
                pod.getMetadata().getUid(), ready(pod), pod.getMetadata().getDeletionTimestamp() != null, health.join())));
        return new HealthRound(started, Instant.now(), Map.copyOf(members));
    }

    private CompletableFuture<HealthReading> health(String ip) {
        if (ip == null || ip.isEmpty()) {
            return CompletableFuture.completedFuture(HealthReading.UNREACHABLE);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + ":" + HEALTH_PORT + "/hazelcast/health"))
                .timeout(HEALTH_TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(MemberHealthSampler::parse)
                .exceptionally(e -> HealthReading.UNREACHABLE);
    }

    private static HealthReading parse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return HealthReading.UNREACHABLE;
        }
        try {
            return HealthReading.parse(JSON.readTree(response.body()));
        } catch (IOException e) {
            return HealthReading.UNREACHABLE;
        }
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Stops sampling; the rounds taken stay readable. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(HEALTH_TIMEOUT.multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pods.close();
    }
}
