package io.sessioncache.controlplane;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Installs a CRD from its YAML file the way a user does (server-side apply), and waits until the API server serves it. */
public final class CustomResourceDefinitions {

    private CustomResourceDefinitions() {
    }

    public static void apply(KubernetesClient client, Path file, String fieldManager, Duration timeout) {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(file)) {
            crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.resource(crd).fieldManager(fieldManager).forceConflicts().serverSideApply();
        awaitEstablished(client, crd.getMetadata().getName(), timeout);
    }

    /** Conditions are absent for a moment right after creation, so each step of the check allows for null. */
    public static void awaitEstablished(KubernetesClient client, String name, Duration timeout) {
        client.apiextensions().v1().customResourceDefinitions().withName(name)
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                        timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
