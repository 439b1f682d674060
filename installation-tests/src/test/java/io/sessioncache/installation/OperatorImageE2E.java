package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorJvmOptions;
import io.sessioncache.controlplane.TestNamespace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator image built by Jib (docs/container-images.md) run as the Helm chart runs it (the chart's JAVA_OPTS,
 * read-only root file system, no capabilities) against the real API server of the tests, on the host's network: it
 * gets ready, runs as 185 with the JVM as PID 1, reconciles a SessionCluster, and stops on SIGTERM.
 */
@NeedsImages(value = OperatorImageE2E.IMAGE, build = "base operator")
@ExtendWith(ControlPlaneExtension.class)
class OperatorImageE2E {

    static final String IMAGE = "sessioncache/sessioncache-operator:0.1.0";
    private static final String KUBECONFIG = "/etc/sessioncache/kubeconfig";
    private static final Duration READY = Duration.ofMinutes(2);

    @Test
    void theImageRunsTheOperatorAsTheChartDoes(LocalControlPlane plane, KubernetesClient admin, TestNamespace namespace)
            throws IOException {
        Kube.installCrd(admin);
        int httpPort = LocalControlPlane.freePort();
        List<String> chartJavaOptions = OperatorJvmOptions.fromChart(Repository.root());
        // The kubeconfig names the API server's CA by its path: it is mounted at the same path.
        Path ca = plane.caCertificate();

        long run = System.nanoTime();
        try (TestContainer operator = TestContainer.run("operator-image-e2e", IMAGE, List.of("--network", "host",
                "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--volume", plane.adminKubeconfig() + ":" + KUBECONFIG + ":ro",
                "--volume", ca + ":" + ca + ":ro",
                "--env", "KUBECONFIG=" + KUBECONFIG,
                "--env", "HTTP_PORT=" + httpPort,
                "--env", "WATCH_NAMESPACES=" + namespace.name(),
                "--env", "JAVA_OPTS=" + String.join(" ", chartJavaOptions)))) {

            await().atMost(READY).pollInterval(Duration.ofMillis(250))
                    .until(() -> status("http://127.0.0.1:" + httpPort + "/q/health/ready") == 200);
            System.out.printf("OperatorImageE2E: ready %d ms after `docker run`%n", (System.nanoTime() - run) / 1_000_000);

            Path proc = Path.of("/proc", String.valueOf(operator.hostPid()));
            String uid = Files.readString(proc.resolve("status")).lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertThat(uid.split("\\s+")[1]).as("the image's user, the chart's runAsUser").isEqualTo("185");
            List<String> commandLine = List.of(Files.readString(proc.resolve("cmdline")).split("\0"));
            assertThat(commandLine.get(0)).as("the container's first process").isEqualTo("java");
            assertThat(commandLine).as("the chart's JAVA_OPTS, split as run-java.sh splits them")
                    .containsSubsequence(chartJavaOptions).endsWith("-jar", "/home/jboss/quarkus-run.jar");

            GenericKubernetesResource sample = SessionClusters.sample("minimal", namespace.name());
            SessionClusters.apply(admin, sample, "kubectl");
            String name = sample.getMetadata().getName();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> admin.apps().statefulSets().inNamespace(namespace.name()).withName(name).get() != null);

            Duration took = operator.stop(Duration.ofSeconds(30));
            assertThat(operator.exitCode()).as("Quarkus ends on SIGTERM with 0, or 143; SIGKILL's would be 137")
                    .isIn(0, 143);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
