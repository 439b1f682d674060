package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.TestNamespace;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real API server enforces the generated schema: ranges, enums, patterns, CEL rules and immutable fields. */
@ExtendWith(ControlPlaneExtension.class)
class SchemaValidationIT {

    private final KubernetesClient client;
    private final TestNamespace namespace;

    SchemaValidationIT(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @BeforeAll
    static void installCrd(KubernetesClient client) {
        Crds.install(client);
    }

    @ParameterizedTest(name = "{0} = {1} is rejected")
    @CsvSource(delimiter = '|', value = {
            "replicas: 0                                  | spec.replicas",
            "replicas: 100                                | spec.replicas",
            "version: latest                              | spec.version",
            "imagePullPolicy: Sometimes                   | spec.imagePullPolicy",
            "gracefulShutdownSeconds: 5                   | spec.gracefulShutdownSeconds",
            "jvm: {maxRamPercentage: 99}                  | spec.jvm.maxRamPercentage",
            "sessions: {backupCount: 7}                   | spec.sessions.backupCount",
            "sessions: {backupCount: 4, asyncBackupCount: 3} | backupCount + asyncBackupCount must not exceed 6",
            "sessions: {maxIdleSeconds: -1}               | spec.sessions.maxIdleSeconds",
            "sessions: {mapName: 'bad name!'}             | spec.sessions.mapName",
            "sessions: {eviction: {policy: FIFO}}         | spec.sessions.eviction.policy",
            "sessions: {inMemoryFormat: NATIVE}           | spec.sessions.inMemoryFormat",
            "nearCache: {inMemoryFormat: NATIVE}          | spec.nearCache.inMemoryFormat",
            "nearCache: {eviction: {maxSizePolicy: USED_NATIVE_MEMORY_SIZE}} | spec.nearCache.eviction.maxSizePolicy",
            "nearCache: {eviction: {size: 0}}             | spec.nearCache.eviction.size",
            "highAvailability: {mode: Rack}               | spec.highAvailability.mode",
            "sessions: {framework: Struts}                | spec.sessions.framework",
            "extensions: {path: jars}                     | spec.extensions.path",
    })
    void invalidSpecIsRejectedNamingTheField(String specLine, String expectedInMessage) {
        GenericKubernetesResource cluster = sessionCluster("bad", specLine);

        assertThatThrownBy(() -> clusters().resource(cluster).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(expectedInMessage);
    }

    @Test
    void mapNameCannotChangeAfterCreation() {
        clusters().resource(sessionCluster("immutable", "sessions: {mapName: web}")).create();

        GenericKubernetesResource renamed = sessionCluster("immutable", "sessions: {mapName: other}");
        assertThatThrownBy(() -> clusters().resource(renamed).update())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.sessions.mapName")
                .hasMessageContaining("mapName is immutable");
    }

    @Test
    void springSessionsDefaultMapNameIsAccepted() {
        GenericKubernetesResource created = clusters().resource(sessionCluster("spring",
                "sessions: {mapName: 'spring:session:sessions', framework: SpringSession}")).create();

        @SuppressWarnings("unchecked")
        Map<String, Object> sessions = (Map<String, Object>) ((Map<String, Object>) created.getAdditionalProperties().get("spec")).get("sessions");
        assertThat(sessions).containsEntry("mapName", "spring:session:sessions").containsEntry("framework", "SpringSession");
    }

    @Test
    void defaultsAreFilledInByTheApiServer() {
        GenericKubernetesResource created = clusters().resource(sessionCluster("defaults", "replicas: 3")).create();

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("version", "5.7.0").containsEntry("gracefulShutdownSeconds", 300);
        @SuppressWarnings("unchecked")
        Map<String, Object> sessions = (Map<String, Object>) spec.get("sessions");
        assertThat(sessions).containsEntry("mapName", "sessions").containsEntry("backupCount", 1)
                .containsEntry("asyncBackupCount", 0).containsEntry("maxIdleSeconds", 1800);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> clusters() {
        return client.genericKubernetesResources("sessioncache.io/v1alpha1", "SessionCluster").inNamespace(namespace.name());
    }

    private GenericKubernetesResource sessionCluster(String name, String specLine) {
        String yaml = """
                apiVersion: sessioncache.io/v1alpha1
                kind: SessionCluster
                metadata:
                  name: %s
                spec:
                  %s
                """.formatted(name, specLine);
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }
}
