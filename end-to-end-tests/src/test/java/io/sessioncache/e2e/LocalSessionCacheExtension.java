package io.sessioncache.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.podruntime.LocalNode;
import io.sessioncache.sandbox.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local stack for the whole run (control plane, pod runtime, the packaged operator watching all namespaces),
 * started by the first test class that needs it and stopped when the run ends. Each class gets a namespace of its own,
 * deleted after it (waiting, bounded, until its members are gone). The runtime has one node unless the class asks for
 * several with {@link NodesInZones}. Tests take {@link LocalStack}, {@link KubernetesClient} (admin) or
 * {@link E2ENamespace} parameters.
 */
public final class LocalSessionCacheExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** Where Service names resolve for this JVM: failsafe passes the same path as -Djdk.net.hosts.file. */
    public static final String HOSTS_FILE_PROPERTY = "sessioncache.e2e.hosts.file";
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LocalSessionCacheExtension.class);
    private static final Duration NAMESPACE_CLEANUP = Duration.ofSeconds(90);

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalStack stack = stack(context);
        nodesInZones(context).ifPresent(zones -> stack.runtime().replaceNodes(LocalNode.oneInEachZone(zones)));
        KubernetesClient client = stack.controlPlane().adminClient();
        String name = namespaceFor(context.getRequiredTestClass());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        context.getStore(STORE).put(KubernetesClient.class, client);
        context.getStore(STORE).put(E2ENamespace.class, new E2ENamespace(name));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KubernetesClient client = context.getStore(STORE).remove(KubernetesClient.class, KubernetesClient.class);
        E2ENamespace namespace = context.getStore(STORE).remove(E2ENamespace.class, E2ENamespace.class);
        if (client != null) {
            removeNamespace(client, namespace);
            client.close();
        }
        if (nodesInZones(context).isPresent()) {
            stack(context).runtime().replaceNodes(List.of(LocalNode.DEFAULT));
        }
    }

    private static void removeNamespace(KubernetesClient client, E2ENamespace namespace) {
        if (namespace == null) {
            return;
        }
        client.namespaces().withName(namespace.name()).delete();
        // The next class's members should not share two cores with this class's stopping ones.
        try {
            client.pods().inNamespace(namespace.name()).informOnCondition(pods -> pods.isEmpty())
                    .get(NAMESPACE_CLEANUP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: the run goes on, and the runtime stops every member at the end anyway
        }
    }

    private static Optional<Integer> nodesInZones(ExtensionContext context) {
        return Optional.ofNullable(context.getRequiredTestClass().getAnnotation(NodesInZones.class)).map(NodesInZones::value);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == KubernetesClient.class || type == E2ENamespace.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalStack.class) {
            return stack(context);
        }
        return context.getStore(STORE).get(type, type);
    }

    static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(STORE)
                .getOrComputeIfAbsent(LocalStack.class, key -> new SharedStack(start()), SharedStack.class).stack();
    }

    private static LocalStack start() {
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path workDir = Path.of("target", "e2e", run).toAbsolutePath();
        String hosts = System.getProperty(HOSTS_FILE_PROPERTY);
        if (hosts == null || !hosts.equals(System.getProperty("jdk.net.hosts.file"))) {
            throw new IllegalStateException("run with -D" + HOSTS_FILE_PROPERTY + "=<file> and -Djdk.net.hosts.file=<the same file>"
                    + " (failsafe sets both) so this JVM resolves Service names as the members do");
        }
        return LocalStack.start(RepositoryRoot.find(), workDir, Path.of(hosts), Map.of(), LocalStack.Progress.silent());
    }

    static String namespaceFor(Class<?> testClass) {
        String base = testClass.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return (base.length() > 50 ? base.substring(0, 50) : base) + "-" + UUID.randomUUID().toString().substring(0, 5);
    }

    /** Closed by JUnit when the root context closes: at the end of the whole run. */
    private record SharedStack(LocalStack stack) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
