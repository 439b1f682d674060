package io.sessioncache.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sessioncache.controlplane.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What {@code kubectl drain} does: cordon the node, then for each pod on it ask the eviction API until the disruption
 * budget lets it through (429 means not now), and wait for the pod to be gone. Every wait is bounded by a timeout.
 */
public final class NodeDrain {

    private static final Duration RETRY = Duration.ofMillis(200);

    private NodeDrain() {
    }

    /**
     * {@code kubectl drain <node>}: marks it unschedulable, then evicts every pod bound to it at once, each retried
     * while its budget refuses, and returns once they are all gone (as "namespace/name", in no order). The node stays
     * cordoned: {@link #uncordon} it when its maintenance is over.
     */
    static List<String> drain(KubernetesClient client, String node, Duration timeout) {
        cordon(client, node);
        List<Pod> pods = client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems();
        inParallel(pods.stream().map(pod -> (Runnable) () -> evict(client, pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), timeout)).toList());
        return pods.stream().map(pod -> pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()).toList();
    }

    /** One node's drain: the pods it evicted ("namespace/name") and how long it took. */
    public record Drained(String node, List<String> pods, Duration took) {
    }

    /**
     * Drains each node in turn and uncordons it before the next, as a node-by-node upgrade does. Before the next drain
     * it waits until no pod of {@code namespace} is Pending: the eviction API lets a Pending pod go whatever its budget
     * says (nothing runs in it yet), so a drain that caught a replacement before its container started would prove
     * nothing about the budget.
     */
    public static List<Drained> eachInTurn(KubernetesClient client, List<String> nodes, String namespace, Duration timeout) {
        List<Drained> drained = new ArrayList<>();
        for (String node : nodes) {
            Instant start = Instant.now();
            List<String> pods = drain(client, node, timeout);
            drained.add(new Drained(node, pods, Duration.between(start, Instant.now())));
            uncordon(client, node);
            awaitNonePending(client, namespace, timeout);
        }
        return List.copyOf(drained);
    }

    private static void awaitNonePending(KubernetesClient client, String namespace, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (client.pods().inNamespace(namespace).list().getItems().stream()
                .anyMatch(pod -> pod.getStatus() == null || "Pending".equals(pod.getStatus().getPhase()))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pods of " + namespace + " still Pending " + timeout + " after a drain");
            }
            Pause.of(RETRY);
        }
    }

    /** {@code kubectl cordon}: no new pod is scheduled to the node; the ones on it stay. */
    static void cordon(KubernetesClient client, String node) {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
    }

    /** {@code kubectl uncordon}: pods may be scheduled to the node again. */
    static void uncordon(KubernetesClient client, String node) {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":null}}");
    }

    static void evict(KubernetesClient client, String namespace, String pod, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        var resource = client.pods().inNamespace(namespace).withName(pod);
        Pod current = resource.get();
        if (current == null) {
            return;
        }
        String uid = current.getMetadata().getUid();
        while (!granted(resource)) {
            Pod now = resource.get();
            if (now == null || !uid.equals(now.getMetadata().getUid())) {
                return;
            }
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
        inParallel(pods.stream().map(pod -> (Runnable) () -> evict(client, namespace, pod, timeout)).toList());
    }

    private static void inParallel(List<Runnable> evictions) {
        if (evictions.isEmpty()) {
            return;
        }
        ExecutorService drains = Executors.newFixedThreadPool(evictions.size());
        try {
            CompletableFuture.allOf(evictions.stream().map(eviction -> CompletableFuture.runAsync(eviction, drains))
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
