package io.sessioncache.podruntime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** What every pod worker shares: the API, the node's identity, the address pool and the places files go. */
record RuntimeContext(KubernetesClient client, String nodeName, String hostIp, int apiServerPort, IpPool ips,
                      ImageResolver images, VolumeMaterializer volumes, Path hostsFile, Path podsDir, Path logsDir,
                      Path java, Runnable endpointsChanged) {
}
