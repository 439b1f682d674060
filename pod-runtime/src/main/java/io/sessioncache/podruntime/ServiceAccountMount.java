package io.sessioncache.podruntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a container in a mount namespace of its own in which its service-account volume is where a kubelet mounts it,
 * {@value VolumeMaterializer#SERVICE_ACCOUNT_MOUNT}: programs that read that fixed path (Hazelcast's Kubernetes
 * discovery reads the token, CA and namespace there) find the pod's own. A tmpfs over {@code /var/run} holds the mount
 * point, so nothing is created on the machine's file system; {@code exec} keeps the container's pid that of the program.
 * Needs root (the namespace launcher's runs have it).
 */
final class ServiceAccountMount {

    private static final String SCRIPT = """
            set -e
            volume=$1; shift
            run=$(readlink -f /var/run)
            mount -t tmpfs -o size=1m,mode=755 pod-run "$run"
            mkdir -p "$run/secrets/kubernetes.io/serviceaccount"
            mount --bind "$volume" "$run/secrets/kubernetes.io/serviceaccount"
            exec "$@"
            """;

    private ServiceAccountMount() {
    }

    /** {@code command} as is when the container mounts no service-account volume. */
    static List<String> wrap(List<String> command, MountTable mounts) {
        Optional<java.nio.file.Path> volume = mounts.resolve(VolumeMaterializer.SERVICE_ACCOUNT_MOUNT);
        if (volume.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-c", SCRIPT, "pod-mounts", volume.get().toString()));
        wrapped.addAll(command);
        return wrapped;
    }
}
