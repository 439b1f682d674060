package io.sessioncache.installation;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Helm chart in helm/sessioncache-operator, rendered through helm-java (Helm's own Go code, no helm binary). */
final class Chart {

    static final String RELEASE = "sessioncache-operator";
    static final String BUNDLE_NAMESPACE = "sessioncache-system";
    /** The version the tests' control plane runs; helm template otherwise assumes an ancient default. */
    static final String KUBE_VERSION = "v1.34.4";

    private Chart() {
    }

    /** Renders the templates (not the CRDs) with a values file holding {@code valuesYaml} (YAML, may be empty). */
    static String template(String release, String namespace, String valuesYaml) {
        Path values = valuesFile(valuesYaml);
        try {
            return new Helm(Repository.chart()).template()
                    .withName(release)
                    .withNamespace(namespace)
                    .withKubeVersion(KUBE_VERSION)
                    .withValuesFile(values)
                    .skipCrds()
                    .call();
        } finally {
            values.toFile().delete();
        }
    }

    static List<GenericKubernetesResource> render(String release, String namespace, String valuesYaml) {
        return parse(template(release, namespace, valuesYaml));
    }

    static List<GenericKubernetesResource> renderDefaults() {
        return render(RELEASE, BUNDLE_NAMESPACE, "");
    }

    static Path valuesFile(String valuesYaml) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            Files.writeString(file, valuesYaml.isBlank() ? "{}\n" : valuesYaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a multi-document YAML stream into objects, skipping empty documents. */
    static List<GenericKubernetesResource> parse(String yaml) {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean empty = document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"));
            if (!empty) {
                objects.add(Serialization.unmarshal(document, GenericKubernetesResource.class));
            }
        }
        return objects;
    }

    static List<GenericKubernetesResource> ofKind(List<GenericKubernetesResource> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    static Optional<GenericKubernetesResource> find(List<GenericKubernetesResource> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).findFirst();
    }
}
