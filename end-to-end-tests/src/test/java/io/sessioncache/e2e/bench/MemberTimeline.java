package io.sessioncache.e2e.bench;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sessioncache.e2e.load.LatencyTimeline;
import io.sessioncache.operator.model.ClusterLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each member of one cluster went and came back during a change: its pod deleted or its process killed, the
 * client seeing it leave the cluster, and its pod turning Ready again. Pods are watched through an informer; leaving
 * comes from the client's membership listener. Moments are {@link System#nanoTime()} readings until they are placed on
 * a {@link LatencyTimeline}'s clock.
 */
final class MemberTimeline implements MembershipListener, AutoCloseable {

    enum Kind {
        POD_DELETED("pod deleted"), KILLED("member SIGKILLed"), LEFT("member left (client's view)"), READY("pod Ready");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** @param member the pod's name */
    record Event(double seconds, String member, Kind kind) {
    }

    private record Seen(long nanos, String member, Kind kind) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final Map<String, Boolean> readyByUid = new ConcurrentHashMap<>();
    private final Map<String, String> podByIp = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    private MemberTimeline(KubernetesClient client, String namespace, String cluster) {
        this.informer = client.pods().inNamespace(namespace).withLabel(ClusterLabels.INSTANCE, cluster).inform(new PodChanges(), 0);
    }

    static MemberTimeline watch(KubernetesClient client, String namespace, String cluster) {
        return new MemberTimeline(client, namespace, cluster);
    }

    void killed(String member) {
        add(member, Kind.KILLED);
    }

    synchronized List<Event> events(LatencyTimeline clock) {
        return seen.stream().map(s -> new Event(clock.secondsAt(s.nanos()), s.member(), s.kind())).toList();
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        // Ready is the moment a member serves again; joining comes a little before it.
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        String host = event.getMember().getAddress().getHost();
        add(podByIp.getOrDefault(host, host), Kind.LEFT);
    }

    private synchronized void add(String member, Kind kind) {
        seen.add(new Seen(System.nanoTime(), member, kind));
    }

    @Override
    public void close() {
        informer.close();
    }

    private final class PodChanges implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            remember(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            boolean wasReady = Boolean.TRUE.equals(readyByUid.get(pod.getMetadata().getUid()));
            remember(pod);
            if (old.getMetadata().getDeletionTimestamp() == null && pod.getMetadata().getDeletionTimestamp() != null) {
                add(pod.getMetadata().getName(), Kind.POD_DELETED);
            }
            if (!wasReady && ready(pod)) {
                add(pod.getMetadata().getName(), Kind.READY);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            // A pod deleted with no grace period skips the update that sets its deletionTimestamp.
            if (readyByUid.remove(pod.getMetadata().getUid()) != null && pod.getMetadata().getDeletionTimestamp() == null) {
                add(pod.getMetadata().getName(), Kind.POD_DELETED);
            }
        }

        private void remember(Pod pod) {
            readyByUid.put(pod.getMetadata().getUid(), ready(pod));
            if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
                podByIp.put(pod.getStatus().getPodIP(), pod.getMetadata().getName());
            }
        }

        private static boolean ready(Pod pod) {
            return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }
    }
}
