package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end on a real kubelet: k3s in a container (Testcontainers), the chart installed with Helm, the operator image
 * imported from its tarball, a SessionCluster created and its StatefulSet's pods running. Needs a Docker engine, the k3s
 * image in it (there is no registry to pull it from here) and the operator image tarball; without any of them it is
 * skipped, saying which is missing.
 */
class K3sChartE2E {

    static final String K3S_IMAGE = "rancher/k3s:v1.34.4-k3s1";
    /** Written by container-images/build-images.sh (docs/container-images.md). */
    static final String IMAGE_TARBALL_PROPERTY = "sessioncache.operator.image-tarball";
    static final String IMAGE_PROPERTY = "sessioncache.operator.image";

    /** Where build-images.sh saves the operator image: $SESSIONCACHE_IMAGES_DIR or ~/.cache/sessioncache-operator/images. */
    static Path defaultTarball() {
        String dir = System.getenv("SESSIONCACHE_IMAGES_DIR");
        Path images = dir == null || dir.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache", "sessioncache-operator", "images") : Path.of(dir);
        return images.resolve("sessioncache-operator-0.1.0.tar");
    }

    @Test
    void chartInstallsOnK3sAndTheOperatorRunsASessionCluster() throws Exception {
        // Reported as skipped (with these messages) in the test report and the build output, never as passed.
        Optional<String> noEngine = DockerCli.engineMissing();
        assumeTrue(noEngine.isEmpty(), () -> "SKIPPED: " + noEngine.orElseThrow() + "; the k3s test runs k3s in a container");
        assumeTrue(DockerCli.imageExists(K3S_IMAGE), "SKIPPED: the k3s image " + K3S_IMAGE + " is not in the local Docker "
                + "engine and there is no registry to pull it from; `docker load` it (saved with `docker save` where it can be "
                + "pulled) to run the k3s test");
        String tarball = System.getProperty(IMAGE_TARBALL_PROPERTY, defaultTarball().toString());
        String image = System.getProperty(IMAGE_PROPERTY, "sessioncache/sessioncache-operator:0.1.0");
        assumeTrue(Files.isRegularFile(Path.of(tarball)), "SKIPPED: no operator image tarball at " + tarball + "; build it with `"
                + DockerCli.BUILD_COMMAND + " base operator` (or name another with -D" + IMAGE_TARBALL_PROPERTY + ")");
        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))
                .withCopyFileToContainer(MountableFile.forHostPath(tarball), "/tmp/operator.tar")) {
            k3s.start();
            var imported = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/operator.tar");
            assertThat(imported.getExitCode()).as(imported.getStderr()).isZero();
            Path kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
            int colon = image.lastIndexOf(':');

            new Helm(Repository.chart()).install().withName("sessioncache").withNamespace("sessioncache-system")
                    .createNamespace().withKubeConfig(kubeconfig)
                    .set("image.repository", image.substring(0, colon)).set("image.tag", image.substring(colon + 1))
                    .set("image.pullPolicy", "Never").waitReady().withTimeout(300).call();

            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                GenericKubernetesResource sample = SessionClusters.sample("production", "default");
                Manifests.map(sample.getAdditionalProperties().get("spec"), "highAvailability").put("mode", "None");
                SessionClusters.apply(client, sample, "kubectl");
                await().atMost(Duration.ofMinutes(10)).until(() ->
                        "True".equals(SessionClusters.conditionStatus(SessionClusters.get(client, "default", "shop-sessions"), "Ready")));
            }
        }
    }
}
