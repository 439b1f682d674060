package io.sessioncache.e2e.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one cluster from outside the operator: records every change of its member pods (uid, readiness, deletion) as
 * the watch delivers it, and every {@link #INTERVAL} reads each member's /hazelcast/health, as the operator's gate
 * would, each answer with the time it came. Each member is read on its own, one request in flight at a time: a member
 * that hangs while it shuts down must not leave the others unobserved. Bounded: it stops by itself after
 * {@code maxDuration}.
 */
public final class MemberHealthSampler implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final int HEALTH_PORT = 5701;
    private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
    private final SharedIndexInformer<Pod> pods;
    private final List<PodState> podStates = new ArrayList<>();
    private final List<HealthSample> answers = new ArrayList<>();
    private final Set<String> awaitingAnswer = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final Instant deadline;
    private volatile boolean running = true;

    private MemberHealthSampler(KubernetesClient client, String namespace, String cluster, Duration maxDuration) {
        this.pods = client.pods().inNamespace(namespace).withLabel(INSTANCE_LABEL, cluster).inform(new PodChanges());
        this.deadline = Instant.now().plus(maxDuration);
        this.thread = new Thread(this::sample, "member-health-sampler-" + cluster);
        this.thread.setDaemon(true);
    }

    public static MemberHealthSampler start(KubernetesClient client, String namespace, String cluster, Duration maxDuration) {
        MemberHealthSampler sampler = new MemberHealthSampler(client, namespace, cluster, maxDuration);
        sampler.thread.start();
        return sampler;
    }

    /** What was recorded so far. */
    public MemberTimeline timeline() {
        synchronized (this) {
            return new MemberTimeline(List.copyOf(podStates), List.copyOf(answers));
        }
    }

    private void sample() {
        while (running && Instant.now().isBefore(deadline)) {
            readHealthOfMembersNotAwaitingAnswer();
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one request to each member pod whose previous one has been answered (or timed out); does not wait. */
    private void readHealthOfMembersNotAwaitingAnswer() {
        for (Pod pod : pods.getStore().list()) {
            String uid = pod.getMetadata().getUid();
            if (awaitingAnswer.add(uid)) {
                health(pod.getStatus() == null ? null : pod.getStatus().getPodIP()).thenAccept(reading -> {
                    record(answers, new HealthSample(Instant.now(), uid, reading));
                    awaitingAnswer.remove(uid);
                });
            }
        }
    }

    private <T> void record(List<T> into, T item) {
        synchronized (this) {
            into.add(item);
        }
    }

    private final class PodChanges implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            record(podStates, state(pod, false));
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            record(podStates, state(newPod, false));
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            record(podStates, state(pod, true));
        }

        private PodState state(Pod pod, boolean deleted) {
            return new PodState(Instant.now(), version(pod), pod.getMetadata().getName(), pod.getMetadata().getUid(),
                    !deleted && ready(pod), deleted || pod.getMetadata().getDeletionTimestamp() != null, deleted);
        }

        /** The resourceVersion as a number: this API server's are etcd revisions, one order for every object. */
        private static long version(Pod pod) {
            try {
                return Long.parseLong(pod.getMetadata().getResourceVersion());
            } catch (NumberFormatException | NullPointerException unknown) {
                return 0;
            }
        }
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

    /** Stops sampling; what was recorded stays readable. */
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
