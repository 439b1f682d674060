package io.sessioncache.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.CustomResourceDefinitions;
import io.sessioncache.controlplane.KubeBinaries;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.podruntime.PodRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a SessionCluster needs on one machine: the control plane, the local pod runtime (one Node running member
 * pods as processes; {@code runtime().replaceNodes} gives it several), the CRD, and the packaged operator. Used by the
 * sandbox and by the end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

    public static final String CRD = "crds/sessionclusters.sessioncache.io-v1.yml";
    public static final String CRD_NAME = "sessionclusters.sessioncache.io";

    private final Path workDir;
    private Path repositoryRoot;
    private Map<String, String> operatorEnv;
    private int operatorStarts;
    private LocalControlPlane plane;
    private KubernetesClient runtimeClient;
    private PodRuntime runtime;
    private OperatorProcess operator;

    private LocalStack(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * @param hostsFile the file Service names resolve through; JVMs that connect clients pass it as -Djdk.net.hosts.file
     * @param operatorEnv extra environment of the operator (e.g. WATCH_NAMESPACES)
     */
    public static LocalStack start(Path repositoryRoot, Path workDir, Path hostsFile, Map<String, String> operatorEnv,
                                   Progress progress) {
        LocalStack stack = new LocalStack(workDir);
        try {
            Files.createDirectories(workDir);
            progress.step("control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler)");
            stack.plane = startControlPlane(KubeBinaries.locate(repositoryRoot), workDir);
            progress.step("local pod runtime (node " + PodRuntime.DEFAULT_NODE + ")");
            stack.runtimeClient = stack.plane.adminClient();
            stack.runtime = PodRuntime.start(stack.runtimeClient, new PodRuntime.Settings(PodRuntime.DEFAULT_NODE,
                    workDir.resolve("pod-runtime"), hostsFile, stack.plane.caCertificate()));
            progress.step("CRD " + CRD_NAME);
            try (KubernetesClient admin = stack.plane.adminClient()) {
                CustomResourceDefinitions.apply(admin, repositoryRoot.resolve(CRD), "sessioncache-sandbox", Duration.ofSeconds(60));
            }
            progress.step("operator");
            stack.repositoryRoot = repositoryRoot;
            stack.operatorEnv = Map.copyOf(operatorEnv);
            stack.startOperator();
            return stack;
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * The control plane picks free ports by opening and closing them, so a process starting at the same moment can take
     * one first; a second attempt on fresh ports gets past that.
     */
    private static LocalControlPlane startControlPlane(KubeBinaries binaries, Path workDir) {
        try {
            return LocalControlPlane.start(binaries, workDir.resolve("control-plane"));
        } catch (IllegalStateException firstAttempt) {
            return LocalControlPlane.start(binaries, workDir.resolve("control-plane-retry"));
        }
    }

    /** Stops the operator (if it still runs) and starts a new one, as a rollout or a crash would; logs go to a new file. */
    public OperatorProcess restartOperator() {
        if (operator != null) {
            operator.close();
        }
        startOperator();
        return operator;
    }

    private void startOperator() {
        operatorStarts++;
        String log = operatorStarts == 1 ? "operator.log" : "operator-" + operatorStarts + ".log";
        operator = OperatorProcess.start(repositoryRoot, plane.operatorKubeconfig(), workDir.resolve(log), operatorEnv);
    }

    public Path workDir() {
        return workDir;
    }

    public LocalControlPlane controlPlane() {
        return plane;
    }

    public PodRuntime runtime() {
        return runtime;
    }

    public OperatorProcess operator() {
        return operator;
    }

    /** Operator first (it stops changing things), then the members, then the control plane. */
    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (runtimeClient != null) {
            runtimeClient.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    /** Where start-up has got to. */
    @FunctionalInterface
    public interface Progress {
        void step(String what);

        static Progress silent() {
            return what -> {
            };
        }
    }
}
