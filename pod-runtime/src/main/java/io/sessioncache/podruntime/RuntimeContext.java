package io.sessioncache.podruntime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * What a pod worker needs: the API, its node's identity, and what the pods of every node share (the pod network, the
 * hosts file, the places files go).
 */
record RuntimeContext(KubernetesClient client, String nodeName, String hostIp, PodNetwork network,
                      ImageResolver images, VolumeMaterializer volumes, Path hostsFile, Path podsDir, Path logsDir,
                      Path java, Runnable endpointsChanged) {

    /** The same shared parts, for the pods of another node. */
    RuntimeContext onNode(String otherNode) {
        return new RuntimeContext(client, otherNode, hostIp, network, images, volumes, hostsFile, podsDir, logsDir,
                java, endpointsChanged);
    }
}
