package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SessionCluster the README shows is accepted by the real API server as it is written. */
@ExtendWith(ControlPlaneExtension.class)
class ReadmeExampleIT {

    @Test
    void readmeExampleApplies(KubernetesClient client, TestNamespace namespace) throws IOException {
        Crds.install(client);
        String readme = Files.readString(RepositoryRoot.find().resolve("README.md"));
        Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(yaml.find()).as("README.md has a yaml example").isTrue();
        GenericKubernetesResource example = Serialization.unmarshal(yaml.group(1), GenericKubernetesResource.class);
        example.getMetadata().setNamespace(namespace.name());

        GenericKubernetesResource applied = client.resource(example).fieldManager("readme").serverSideApply();

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) applied.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("replicas", 3).containsEntry("version", "5.7.0");
    }
}
