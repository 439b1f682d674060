package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAccountMountTest {

    private static final List<String> JAVA = List.of("/jdk/bin/java", "-cp", "hz.jar", "Main");

    @Test
    void runsTheContainerInAMountNamespaceWithItsServiceAccountVolumeAtTheKubeletPath() {
        MountTable mounts = new MountTable(Map.of(VolumeMaterializer.SERVICE_ACCOUNT_MOUNT, Path.of("/pods/p/serviceaccount")));

        List<String> command = ServiceAccountMount.wrap(JAVA, mounts);

        assertThat(command.subList(0, 5)).containsExactly("unshare", "--mount", "--propagation", "private", "sh");
        assertThat(command.get(6)).contains("mount --bind \"$volume\" \"$run/secrets/kubernetes.io/serviceaccount\"")
                .contains("exec \"$@\"");
        assertThat(command.subList(7, command.size())).containsExactly("pod-mounts", "/pods/p/serviceaccount",
                "/jdk/bin/java", "-cp", "hz.jar", "Main");
    }

    @Test
    void leavesAContainerWithoutAServiceAccountVolumeAsItIs() {
        assertThat(ServiceAccountMount.wrap(JAVA, new MountTable(Map.of("/config", Path.of("/pods/p/config"))))).isEqualTo(JAVA);
    }
}
