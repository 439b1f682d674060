package io.sessioncache.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real control plane for the whole test run, shared by every test class that uses this extension, stopped when
 * the run ends (also on failure, and by the process guard if the JVM is killed). Each test class gets a namespace of
 * its own. Test methods and constructors can take {@link LocalControlPlane}, {@link KubernetesClient} (admin) or
 * {@link TestNamespace}.
 */
public class ControlPlaneExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);
    private static final String PLANE = "control-plane";
    private static final String NAMESPACE = "namespace";
    private static final String CLIENT = "client";

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalControlPlane plane = plane(context);
        KubernetesClient client = plane.adminClient();
        String name = namespaceFor(context.getRequiredTestClass());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        context.getStore(STORE).put(CLIENT, client);
        context.getStore(STORE).put(NAMESPACE, new TestNamespace(name));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KubernetesClient client = context.getStore(STORE).remove(CLIENT, KubernetesClient.class);
        TestNamespace namespace = context.getStore(STORE).remove(NAMESPACE, TestNamespace.class);
        if (client != null) {
            if (namespace != null) {
                client.namespaces().withName(namespace.name()).delete();
            }
            client.close();
        }
    }

    /** The test class's namespace, for other extensions registered after this one. */
    public static TestNamespace namespace(ExtensionContext context) {
        return context.getStore(STORE).get(NAMESPACE, TestNamespace.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalControlPlane.class || type == KubernetesClient.class || type == TestNamespace.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalControlPlane.class) {
            return plane(context);
        }
        if (type == KubernetesClient.class) {
            return context.getStore(STORE).get(CLIENT, KubernetesClient.class);
        }
        return context.getStore(STORE).get(NAMESPACE, TestNamespace.class);
    }

    /** The shared control plane, for other extensions that build on this one. */
    public static LocalControlPlane plane(ExtensionContext context) {
        return context.getRoot().getStore(STORE)
                .getOrComputeIfAbsent(PLANE, key -> new SharedPlane(start()), SharedPlane.class).plane();
    }

    private static LocalControlPlane start() {
        Path root = RepositoryRoot.find();
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path workDir = Path.of("target", "control-plane", run).toAbsolutePath();
        return LocalControlPlane.start(KubeBinaries.locate(root), workDir);
    }

    static String namespaceFor(Class<?> testClass) {
        String base = testClass.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        return (base.length() > 50 ? base.substring(0, 50) : base) + "-" + suffix;
    }

    /** Closed by JUnit when the root context closes: at the end of the whole run. */
    private record SharedPlane(LocalControlPlane plane) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            plane.close();
        }
    }
}
