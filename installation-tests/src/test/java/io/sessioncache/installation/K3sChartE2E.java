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
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end on a real kubelet: k3s in a container (Testcontainers), the chart installed with Helm, the operator image
 * imported from the Jib tarball, a SessionCluster created and its StatefulSet's pods running. Needs a Docker engine
 * and the operator image tarball; without either it is skipped, saying which is missing.
 */
class K3sChartE2E {

    static final String K3S_IMAGE = "rancher/k3s:v1.34.4-k3s1";
    /** Written by `mvn -pl operator package -Dquarkus.container-image.build=true -Dquarkus.jib.image-tarball=...`. */
    static final String IMAGE_TARBALL_PROPERTY = "sessioncache.operator.image-tarball";
    static final String IMAGE_PROPERTY = "sessioncache.operator.image";

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void chartInstallsOnK3sAndTheOperatorRunsASessionCluster() throws Exception {
        // Reported as skipped (with this message) in the test report and the build output, never as passed.
        assumeTrue(dockerAvailable(), "SKIPPED: no Docker engine on this machine, so the k3s end-to-end test "
                + "(Testcontainers) cannot run. It installs the chart on k3s where one exists.");
        String tarball = System.getProperty(IMAGE_TARBALL_PROPERTY, "");
        String image = System.getProperty(IMAGE_PROPERTY, "sessioncache/sessioncache-operator:0.1.0");
        assumeTrue(!tarball.isEmpty() && Files.isRegularFile(Path.of(tarball)), "SKIPPED: set -D" + IMAGE_TARBALL_PROPERTY
                + " to the operator image tarball built by Jib (see docs/installation.md) to run the k3s test");
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
