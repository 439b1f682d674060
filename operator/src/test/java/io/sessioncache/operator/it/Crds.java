package io.sessioncache.operator.it;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.RepositoryRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Installs the generated CRD from crds/ the way a user does, and waits until the API server serves it. */
public final class Crds {

    public static final String CRD_NAME = "sessionclusters.sessioncache.io";

    private Crds() {
    }

    public static void install(KubernetesClient client) throws IOException {
        Path file = RepositoryRoot.find().resolve("crds").resolve(CRD_NAME + "-v1.yml");
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(crd).fieldManager("crd-installer").forceConflicts().serverSideApply();
        }
        client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME)
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                        30, TimeUnit.SECONDS);
    }
}
