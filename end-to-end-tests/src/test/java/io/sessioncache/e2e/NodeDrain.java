package io.sessioncache.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.sessioncache.controlplane.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What {@code kubectl drain} does to one pod: ask the eviction API until the disruption budget lets it through (429
 * means not now), then wait for the pod to be gone. Bounded by a timeout.
 */
final class NodeDrain {

    private static final Duration RETRY = Duration.ofMillis(200);

    private NodeDrain() {
    }

    static void evict(KubernetesClient client, String namespace, String pod, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        var resource = client.pods().inNamespace(namespace).withName(pod);
        String uid = resource.get().getMetadata().getUid();
        while (!granted(resource)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the eviction of " + pod + " was not granted within " + timeout);
            }
            Pause.of(RETRY);
        }
        for (Pod now = resource.get(); now != null && uid.equals(now.getMetadata().getUid()); now = resource.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(pod + " was not gone within " + timeout + " of its eviction");
            }
            Pause.of(RETRY);
        }
    }

    /** Drains every pod's node at the same time, as an autoscaler scaling in or a node upgrade of several nodes would. */
    static void allAtOnce(KubernetesClient client, String namespace, Collection<String> pods, Duration timeout) {
        ExecutorService drains = Executors.newFixedThreadPool(pods.size());
        try {
            CompletableFuture.allOf(pods.stream()
                    .map(pod -> CompletableFuture.runAsync(() -> evict(client, namespace, pod, timeout), drains))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            drains.shutdownNow();
        }
    }

    private static boolean granted(PodResource pod) {
        try {
            return pod.evict();
        } catch (KubernetesClientException e) {
            // "the disruption budget is still being processed by the server" comes as an error, not a plain refusal.
            return false;
        }
    }
}
