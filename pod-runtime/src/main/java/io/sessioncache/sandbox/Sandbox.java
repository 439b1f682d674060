package io.sessioncache.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sessioncache.controlplane.Pause;
import io.sessioncache.controlplane.RepositoryRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The sandbox: control plane, pod runtime and operator on this machine, the sample SessionCluster applied, progress
 * shown until it is Ready, then what a user needs to connect. Runs until Ctrl-C (or exits once Ready with
 * --exit-when-ready) and removes everything it started.
 */
public final class Sandbox {

    static final String SAMPLE = "deploy/samples/minimal.yaml";
    static final String NAMESPACE = "default";
    static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    static final ResourceDefinitionContext SESSION_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("sessioncache.io").withVersion("v1alpha1").withKind("SessionCluster").withPlural("sessionclusters")
            .withNamespaced(true).build();

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        boolean exitWhenReady = List.of(args).contains("--exit-when-ready")
                || "true".equalsIgnoreCase(System.getenv("SANDBOX_EXIT_WHEN_READY"));
        PrintStream out = System.out;
        Instant started = Instant.now();
        Path root = RepositoryRoot.find();
        Path workDir = root.resolve("target").resolve("sandbox")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out.println("sandbox: work dir " + workDir);
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack[] holder = new LocalStack[1];
        Thread cleanup = new Thread(() -> {
            if (holder[0] != null) {
                out.println("\nsandbox: stopping the operator, the members and the control plane...");
                holder[0].close();
                out.println("sandbox: stopped; logs remain in " + workDir);
            }
            stopped.countDown();
        }, "sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int exit = 0;
        try {
            LocalStack stack = LocalStack.start(root, workDir, workDir.resolve("hosts"), Map.of(),
                    what -> out.printf("sandbox: [%3ds] starting %s%n", elapsed(started), what));
            holder[0] = stack;
            try (KubernetesClient client = stack.controlPlane().adminClient()) {
                String name = apply(client, root.resolve(SAMPLE));
                out.printf("sandbox: [%3ds] applied %s: SessionCluster %s/%s%n", elapsed(started), SAMPLE, NAMESPACE, name);
                GenericKubernetesResource ready = awaitReady(client, stack, name, started, out);
                Duration toReady = Duration.between(started, Instant.now());
                printNext(client, stack, ready, workDir, toReady, out);
            }
        } catch (RuntimeException e) {
            out.println("sandbox: FAILED: " + e.getMessage());
            out.println("sandbox: logs are in " + workDir);
            exit = 1;
        }
        if (exit != 0 || exitWhenReady) {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            cleanup.run();
            System.exit(exit);
        }
        out.println("sandbox: running; press Ctrl-C to stop and clean up everything");
        stopped.await();
    }

    private static String apply(KubernetesClient client, Path sample) throws IOException {
        try (InputStream in = Files.newInputStream(sample)) {
            GenericKubernetesResource resource = client.genericKubernetesResources(SESSION_CLUSTERS).load(in).item();
            resource.getMetadata().setNamespace(NAMESPACE);
            client.genericKubernetesResources(SESSION_CLUSTERS).inNamespace(NAMESPACE).resource(resource)
                    .fieldManager("sessioncache-sandbox").forceConflicts().serverSideApply();
            return resource.getMetadata().getName();
        }
    }

    private static GenericKubernetesResource awaitReady(KubernetesClient client, LocalStack stack, String name, Instant started,
                                                        PrintStream out) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            stack.operator().exited().ifPresent(why -> {
                throw new IllegalStateException(why);
            });
            GenericKubernetesResource cluster = client.genericKubernetesResources(SESSION_CLUSTERS).inNamespace(NAMESPACE)
                    .withName(name).get();
            SessionClusterProgress progress = SessionClusterProgress.of(cluster);
            String line = progress.describe();
            if (!line.equals(last)) {
                out.printf("sandbox: [%3ds] %s%n", elapsed(started), line);
                last = line;
            }
            if (progress.ready()) {
                return cluster;
            }
            Pause.of(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("SessionCluster " + name + " not Ready within " + READY_TIMEOUT.toMinutes() + " minutes");
    }

    private static void printNext(KubernetesClient client, LocalStack stack, GenericKubernetesResource cluster, Path workDir,
                                  Duration toReady, PrintStream out) throws IOException {
        String name = cluster.getMetadata().getName();
        Object configMapName = ((Map<?, ?>) cluster.getAdditionalProperties().get("status")).get("clientConfigMap");
        Path clientConfig = workDir.resolve("hazelcast-client.yaml");
        if (configMapName != null) {
            ConfigMap map = client.configMaps().inNamespace(NAMESPACE).withName(configMapName.toString()).get();
            if (map != null && map.getData() != null && map.getData().get("hazelcast-client.yaml") != null) {
                Files.writeString(clientConfig, map.getData().get("hazelcast-client.yaml"));
            }
        }
        MemberMemory memory = MemberMemory.of(stack.runtime().containerPids());
        Path kubeconfig = stack.controlPlane().adminKubeconfig();
        Path kubectl = stack.controlPlane().binaries().kubectl();
        out.println();
        out.printf("sandbox: SessionCluster %s is Ready in %d s%n", name, toReady.toSeconds());
        out.printf("sandbox: member memory (RSS): %s%n", memory.describe());
        MemberMemory everything = MemberMemory.of(Stream.concat(Stream.of(ProcessHandle.current()),
                ProcessHandle.current().descendants()).map(ProcessHandle::pid).toList());
        out.printf("sandbox: whole sandbox (RSS of this JVM, control plane, operator, members): %d MiB%n",
                everything.totalBytes() / (1024 * 1024));
        out.println();
        out.println("  kubeconfig:     " + kubeconfig);
        out.println("  try:            " + kubectl + " --kubeconfig " + kubeconfig + " get sessionclusters,pods -o wide");
        out.println("  client config:  ConfigMap " + NAMESPACE + "/" + configMapName + " (key hazelcast-client.yaml), also written to " + clientConfig);
        out.println("  name resolution: Service names resolve through " + stack.runtime().hostsFile()
                + "; start a client JVM with -Djdk.net.hosts.file=" + stack.runtime().hostsFile());
        out.println("  logs:           " + workDir + " (operator.log, control-plane/, pod-runtime/logs/<pod>/)");
        out.println();
    }

    static long elapsed(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds();
    }
}
