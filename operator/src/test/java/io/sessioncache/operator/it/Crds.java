package io.sessioncache.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.CustomResourceDefinitions;
import io.sessioncache.controlplane.RepositoryRoot;
import java.time.Duration;

/** Installs the generated CRD from crds/ the way a user does, and waits until the API server serves it. */
public final class Crds {

    public static final String CRD_NAME = "sessionclusters.sessioncache.io";

    private Crds() {
    }

    public static void install(KubernetesClient client) {
        CustomResourceDefinitions.apply(client, RepositoryRoot.find().resolve("crds").resolve(CRD_NAME + "-v1.yml"),
                "crd-installer", Duration.ofSeconds(30));
    }
}
