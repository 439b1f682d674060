package io.sessioncache.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The packaged operator for one test class: installs the CRD, runs the operator as the operator user watching the
 * class's namespace (logs under target/operator-logs) with any {@link OperatorEnvironment} the class declares, and
 * stops it after the class. Register after {@link ControlPlaneExtension}; tests take a {@code RunningOperator} parameter
 * to read metrics or restart it.
 */
public final class RunningOperator implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RunningOperator.class);

    private LocalControlPlane plane;
    private TestNamespace namespace;
    private Map<String, String> environment;
    private OperatorProcess process;

    @Override
    public void beforeAll(ExtensionContext context) {
        RunningOperator running = new RunningOperator();
        running.plane = ControlPlaneExtension.plane(context);
        running.namespace = ControlPlaneExtension.namespace(context);
        running.environment = environment(context.getRequiredTestClass(), running.namespace);
        try (KubernetesClient admin = running.plane.adminClient()) {
            Crds.install(admin);
        }
        running.start();
        context.getStore(STORE).put(RunningOperator.class, running);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RunningOperator running = context.getStore(STORE).remove(RunningOperator.class, RunningOperator.class);
        if (running != null) {
            running.process.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningOperator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).get(RunningOperator.class, RunningOperator.class);
    }

    public OperatorProcess process() {
        return process;
    }

    /** Stops the operator and starts a new one, as a rollout or a crash would. */
    public void restart() {
        process.close();
        start();
    }

    private void start() {
        Path log = Path.of("target", "operator-logs", namespace.name() + "-" + STARTS.incrementAndGet() + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = OperatorProcess.start(RepositoryRoot.find(), plane.operatorKubeconfig(), log, environment);
    }

    private static Map<String, String> environment(Class<?> testClass, TestNamespace namespace) {
        Map<String, String> env = new HashMap<>();
        env.put("WATCH_NAMESPACES", namespace.name());
        OperatorEnvironment declared = testClass.getAnnotation(OperatorEnvironment.class);
        for (String entry : declared == null ? new String[0] : declared.value()) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("@OperatorEnvironment entry is not NAME=value: " + entry);
            }
            env.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return Map.copyOf(env);
    }
}
