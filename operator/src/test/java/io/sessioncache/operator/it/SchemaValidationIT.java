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
import org.junit.jupiter.params.provider.ValueSource;

/** The real API server enforces the generated schema: ranges, enums, patterns, CEL rules and immutable fields. */
@ExtendWith(ControlPlaneExtension.class)
class SchemaValidationIT {

    private static final String VERSION_RANGE_REFUSED = "spec.version: Invalid value: \"string\": Hazelcast Community "
            + "Edition versions from 5.3.0 up to (not including) 6.0.0 are supported";

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
            "sessions: {inMemoryFormat: OBJECT}           | Hazelcast cannot measure the heap of OBJECT sessions",
            "sessions: {eviction: {size: 101}}            | a percentage size must be at most 100",
            "sessions: {mergePolicy: DiscardMergePolicy}  | spec.sessions.mergePolicy",
            "nearCache: {inMemoryFormat: NATIVE}          | spec.nearCache.inMemoryFormat",
            "nearCache: {eviction: {maxSizePolicy: USED_NATIVE_MEMORY_SIZE}} | spec.nearCache.eviction.maxSizePolicy",
            "nearCache: {eviction: {size: 0}}             | spec.nearCache.eviction.size",
            "highAvailability: {mode: Rack}               | spec.highAvailability.mode",
            "version: '4.2.8'                             | " + VERSION_RANGE_REFUSED,
            "version: '5.2.3'                             | " + VERSION_RANGE_REFUSED,
            "version: '6.0.0'                             | " + VERSION_RANGE_REFUSED,
            "resources: {limits: {memory: lots}}          | spec.resources.limits: Invalid value",
            "resources: {limits: {cpu: 1, memory: lots}}  | memory is not a quantity",
            "resources: {requests: {cpu: fast}}           | spec.resources.requests: Invalid value",
            "resources: {requests: {cpu: fast}}           | cpu is not a quantity",
            "env: [{name: JAVA_OPTS, value: -Xmx1g}]      | HAZELCAST_CONFIG, JAVA_OPTS, CLASSPATH and PROMETHEUS_PORT are set by the operator",
            "env: [{name: HAZELCAST_CONFIG, value: /x.yaml}] | HAZELCAST_CONFIG, JAVA_OPTS, CLASSPATH and PROMETHEUS_PORT are set by the operator",
            "env: [{name: PROMETHEUS_PORT, value: '9000'}] | the metrics port in spec.metrics",
            "env: [{name: HZ_CLUSTERNAME, value: other}]  | HZ_* variables would override the configuration",
            "env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx4g}] | JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS_DEFAULT and CLASSPATH_DEFAULT",
            "env: [{name: JDK_JAVA_OPTIONS, value: -Dhz.clustername=x}] | would carry JVM options past the checks of spec.jvm.options",
            "env: [{name: JAVA_OPTS_DEFAULT, value: -Dhazelcast.shutdownhook.policy=TERMINATE}] | would carry JVM options past the checks of spec.jvm.options",
            "env: [{name: CLASSPATH_DEFAULT, value: /x.jar}] | JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS_DEFAULT and CLASSPATH_DEFAULT",
            "metrics: {port: 5701}                        | 5701 is the member port",
            "metrics: {port: 0}                           | spec.metrics.port",
            "pod: {volumes: [{name: config, emptyDir: {}}]} | the volume names config and tmp, and names starting with extensions",
            "pod: {volumes: [{name: d, emptyDir: {}}], volumeMounts: [{name: d, mountPath: /tmp}]} | /tmp, /data/hazelcast (the member configuration) and /data/extensions",
            "pod: {volumes: [{name: d, emptyDir: {}}], volumeMounts: [{name: d, mountPath: /data/hazelcast}]} | /tmp, /data/hazelcast (the member configuration) and /data/extensions",
            "pod: {volumes: [{name: d, emptyDir: {}}], volumeMounts: [{name: d, mountPath: /data/hazelcast/x}]} | /tmp, /data/hazelcast (the member configuration) and /data/extensions",
            "clientService: {type: ExternalName}          | spec.clientService.type",
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

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', value = {
            "-Dhz.network.rest-api.enabled=false         | -Dhz.network.rest-api.enabled=false",
            "-Dhz.cluster-name=other                     | set the spec field",
            "-Dhazelcast.config=/tmp/other.yaml          | -Dhazelcast.config=/tmp/other.yaml",
            "-Dhazelcast.shutdownhook.policy=TERMINATE   | spec.gracefulShutdownSeconds",
            "-Dhazelcast.shutdownhook.enabled=false      | -Dhazelcast.shutdownhook.enabled=false",
            "-Dhazelcast.graceful.shutdown.max.wait=5    | spec.gracefulShutdownSeconds",
            "-Dhazelcast.partition.count=1021            | join check",
            "-Dhazelcast.local.publicAddress=10.0.0.1    | address is its pod's",
            "-Xmx4g                                      | spec.resources.limits.memory",
            "-XX:MaxHeapSize=4g                          | spec.jvm.maxRamPercentage",
            "-XX:MaxRAM=8g                               | -XX:MaxRAM=8g",
            "-XX:MaxRAMPercentage=95.0                   | spec.jvm.maxRamPercentage",
            "-XX:MinRAMPercentage=95.0                   | -XX:MinRAMPercentage=95.0",
            "-XX:-UseContainerSupport                    | -XX:-UseContainerSupport",
            "-XX:InitialHeapSize=4g                      | -Xms",
            "'-XX:+ExitOnOutOfMemoryError -Xmx4g'        | one option per item",
            "@/etc/more-options                          | cannot be checked",
            "-XX:VMOptionsFile=/etc/more-options         | cannot be checked",
            "-XX:Flags=/etc/hotspotrc                    | cannot be checked",
    })
    void jvmOptionsThatDefeatTheOperatorAreRejectedNamingTheFieldToUse(String option, String expectedInMessage) {
        GenericKubernetesResource cluster = sessionCluster("bad-jvm", "jvm: {options: [\"-XX:+UseG1GC\", \"%s\"]}"
                .formatted(option));

        assertThatThrownBy(() -> clusters().resource(cluster).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining("spec.jvm.options")
                .hasMessageContaining(expectedInMessage);
    }

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {
            "version: '5.3.0'",
            "version: '5.7.0'",
            "version: '5.12.1'",
            "resources: {requests: {cpu: 500m, memory: 512Mi}, limits: {cpu: 2, memory: 1Gi}}",
            "resources: {limits: {memory: 1073741824, ephemeral-storage: 1.5G}}",
            "jvm: {options: [-XX:+ExitOnOutOfMemoryError, -Xms256m, -Dhazelcast.logging.type=slf4j, -XX:+UseContainerSupport]}",
    })
    void validSpecIsAccepted(String specLine) {
        String name = "good-" + Integer.toHexString(specLine.hashCode());

        GenericKubernetesResource created = clusters().resource(sessionCluster(name, specLine)).create();

        assertThat(created.getMetadata().getName()).isEqualTo(name);
        clusters().resource(created).delete();
    }

    @Test
    void extraEnvVolumesAndServiceSettingsTheOperatorDoesNotOwnAreAccepted() {
        GenericKubernetesResource cluster = sessionCluster("extras", """
                env: [{name: LOGGING_LEVEL, value: DEBUG}]
                  pod:
                    annotations: {prometheus.io/scrape: "true"}
                    volumes: [{name: certificates, secret: {secretName: member-tls}}]
                    volumeMounts: [{name: certificates, mountPath: /data/certificates, readOnly: true}]
                  clientService: {type: LoadBalancer, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}}""");

        GenericKubernetesResource created = clusters().resource(cluster).create();

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
        assertThat(spec).containsKeys("env", "pod", "clientService");
    }

    @Test
    void objectSessionsAreAcceptedWithALimitHazelcastCanMeasure() {
        GenericKubernetesResource created = clusters().resource(sessionCluster("object",
                "sessions: {inMemoryFormat: OBJECT, eviction: {maxSizePolicy: FREE_HEAP_PERCENTAGE, size: 30}}")).create();

        assertThat(created.getMetadata().getUid()).isNotBlank();
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
                .containsEntry("asyncBackupCount", 0).containsEntry("maxIdleSeconds", 1800)
                .containsEntry("mergePolicy", "LatestUpdateMergePolicy")
                .containsEntry("eviction", Map.of("policy", "LRU", "maxSizePolicy", "USED_HEAP_PERCENTAGE", "size", 40));
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
