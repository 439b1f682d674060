package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.controlplane.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime's writes to a pod object on a real API server: a pod re-created under the same name (as a StatefulSet
 * does) is out of reach of writes meant for the pod before it. No pod runs here: they are bound to a node that does
 * not exist.
 */
@ExtendWith(ControlPlaneExtension.class)
class PodObjectIT {

    @Test
    void writesMeantForAPodLeaveItsSuccessorOfTheSameNameAlone(KubernetesClient client, TestNamespace namespace) {
        String before = create(client, namespace, "reborn").getMetadata().getUid();
        client.pods().inNamespace(namespace.name()).withName("reborn").withGracePeriod(0).delete();
        awaitGone(client, namespace, before);
        String after = create(client, namespace, "reborn").getMetadata().getUid();
        PodObject old = new PodObject(client, namespace.name(), "reborn", before);

        boolean patched = old.patchStatus(status("the old pod's last word"));
        old.deleteNow();

        assertThat(patched).as("a status for the old pod reports it gone").isFalse();
        Pod successor = client.pods().inNamespace(namespace.name()).withName("reborn").get();
        assertThat(successor).as("the successor, after the old pod's final delete").isNotNull();
        assertThat(successor.getMetadata().getUid()).isEqualTo(after);
        assertThat(successor.getStatus().getMessage()).as("the successor's status").isNull();
    }

    @Test
    void writesToThePodItselfGoThrough(KubernetesClient client, TestNamespace namespace) {
        Pod pod = create(client, namespace, "reported");
        PodObject object = new PodObject(client, namespace.name(), "reported", pod.getMetadata().getUid());

        assertThat(object.patchStatus(status("reported"))).isTrue();
        assertThat(client.pods().inNamespace(namespace.name()).withName("reported").get().getStatus().getMessage()).isEqualTo("reported");

        object.deleteNow();
        assertThat(client.pods().inNamespace(namespace.name()).withName("reported").get()).isNull();
        object.deleteNow();
    }

    private static Pod create(KubernetesClient client, TestNamespace namespace, String name) {
        return client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace.name()).endMetadata()
                .withNewSpec().withNodeName("no-such-node").addNewContainer().withName("c").withImage("hazelcast/hazelcast:5.7.0")
                .endContainer().endSpec().build()).create();
    }

    private static void awaitGone(KubernetesClient client, TestNamespace namespace, String uid) {
        for (int i = 0; i < 50; i++) {
            Pod pod = client.pods().inNamespace(namespace.name()).withName("reborn").get();
            if (pod == null || !uid.equals(pod.getMetadata().getUid())) {
                return;
            }
            Pause.of(Duration.ofMillis(100));
        }
        throw new AssertionError("pod reborn (" + uid + ") not gone within 5 s");
    }

    private static PodStatus status(String message) {
        return new PodStatusBuilder().withPhase("Pending").withMessage(message).build();
    }
}
