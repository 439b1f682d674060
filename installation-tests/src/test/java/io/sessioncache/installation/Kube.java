package io.sessioncache.installation;

import io.sessioncache.controlplane.CustomResourceDefinitions;


import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the ITs do to the real API server: server-side apply, service account credentials, the packaged operator. */
final class Kube {

    static final String FIELD_MANAGER = "installation-tests";
    private static final List<String> APPLY_ORDER = List.of("Namespace", "CustomResourceDefinition", "ServiceAccount",
            "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding");

    private Kube() {
    }

    /** Server-side applies every object, namespaces and CRDs first, as kubectl apply --server-side does; returns them as stored. */
    static List<GenericKubernetesResource> apply(KubernetesClient client, List<GenericKubernetesResource> objects) {
        List<GenericKubernetesResource> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparingInt(o -> {
            int index = APPLY_ORDER.indexOf(o.getKind());
            return index < 0 ? APPLY_ORDER.size() : index;
        }));
        List<GenericKubernetesResource> applied = new ArrayList<>();
        for (GenericKubernetesResource object : ordered) {
            applied.add(client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
            if ("CustomResourceDefinition".equals(object.getKind())) {
                awaitEstablished(client, object.getMetadata().getName());
            }
        }
        return applied;
    }

    static void awaitEstablished(KubernetesClient client, String crd) {
        CustomResourceDefinitions.awaitEstablished(client, crd, Duration.ofSeconds(30));
    }

    static void createNamespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .serverSideApply();
    }

    static void installCrd(KubernetesClient client) {
        apply(client, Chart.parse(Repository.read(Repository.crd())));
    }

    /** A kubeconfig that authenticates as the service account, with a token from the TokenRequest API, as a pod would. */
    static Path serviceAccountKubeconfig(LocalControlPlane plane, KubernetesClient admin, String namespace,
                                         String serviceAccount) {
        TokenRequest request = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
        String token = request.getStatus().getToken();
        Path file = Path.of("target", "kubeconfigs", namespace + "-" + serviceAccount + ".kubeconfig").toAbsolutePath();
        plane.writeKubeconfig(file, serviceAccount, token, namespace);
        return file;
    }

    /** Starts the packaged operator with the given credentials, watching the given namespaces, logging under target/operator-logs. */
    static OperatorProcess startOperator(Path kubeconfig, String watchNamespaces, String logName) {
        Path log = Path.of("target", "operator-logs", logName + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return OperatorProcess.start(RepositoryRoot.find(), kubeconfig, log, Map.of("WATCH_NAMESPACES", watchNamespaces));
    }

    static <T extends HasMetadata> T inNamespace(T object, String namespace) {
        object.getMetadata().setNamespace(namespace);
        return object;
    }

}
