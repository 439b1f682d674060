package io.sessioncache.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.model.RenderedConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void defaultsAreValid() {
        assertThat(validate()).isEmpty();
    }

    @Test
    void moreBackupsThanOtherMembersCanHoldIsInvalid() {
        cluster.getSpec().setReplicas(2);
        cluster.getSpec().getSessions().setBackupCount(1);
        cluster.getSpec().getSessions().setAsyncBackupCount(1);

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.sessions.backupCount");
            assertThat(problem.message()).contains("need at least 3 members").contains("spec.replicas is 2");
        });
    }

    @Test
    void aSingleMemberCannotHoldTheDefaultBackup() {
        cluster.getSpec().setReplicas(1);

        assertThat(validate()).extracting(SpecProblem::field).containsExactly("spec.sessions.backupCount");
    }

    @Test
    void aSingleMemberWithoutBackupsIsValid() {
        cluster.getSpec().setReplicas(1);
        cluster.getSpec().getSessions().setBackupCount(0);

        assertThat(validate()).isEmpty();
    }

    @Test
    void aMountOfAVolumeThePodDoesNotHaveIsInvalid() {
        cluster.getSpec().getPod().getVolumes().add(new VolumeBuilder().withName("certificates").withNewEmptyDir().endEmptyDir().build());
        cluster.getSpec().getPod().getVolumeMounts().add(new VolumeMountBuilder().withName("certificates").withMountPath("/etc/tls").build());
        cluster.getSpec().getPod().getVolumeMounts().add(new VolumeMountBuilder().withName("certs").withMountPath("/etc/certs").build());

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.pod.volumeMounts");
            assertThat(problem.message()).contains("/etc/certs").contains("'certs'").contains("not in spec.pod.volumes");
        });
    }

    @Test
    void aFrameworkWhoseClassesNothingProvidesIsInvalid() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.SpringSession);
        cluster.getSpec().getExtensions().setFrameworkImage(false);

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.extensions");
            assertThat(problem.message()).contains("SpringSession needs its classes on the members");
        });
    }

    @Test
    void aFrameworkWithItsClassesFromAVolumeIsValid() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.HazelcastWebFilter);
        cluster.getSpec().getExtensions().setFrameworkImage(false);
        cluster.getSpec().getExtensions().setConfigMap("wm-jars");

        assertThat(validate()).isEmpty();
    }

    @Test
    void resourcesWithoutAMemoryLimitAreInvalid() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("1"))).build());

        assertThat(validate()).extracting(SpecProblem::field).containsExactly("spec.resources.limits.memory");
    }

    @Test
    void tooSmallAMemoryLimitIsInvalid() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", new Quantity("128Mi"))).build());

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.resources.limits.memory");
            assertThat(problem.message()).contains("128Mi").contains("256Mi");
        });
    }

    @Test
    void memoryRequestAboveTheLimitIsInvalid() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity("2Gi")))
                .withLimits(Map.of("memory", new Quantity("1Gi"))).build());

        assertThat(validate()).extracting(SpecProblem::field).containsExactly("spec.resources.requests.memory");
    }

    @Test
    void aMemoryLimitThatIsNotAQuantityIsInvalidNotAnException() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", new Quantity("lots"))).build());

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.resources.limits.memory");
            assertThat(problem.message()).contains("'lots' is not a quantity");
        });
    }

    @Test
    void anInitialHeapAboveTheHeapFromTheMemoryLimitIsInvalid() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", new Quantity("1Gi"))).build());
        cluster.getSpec().getJvm().setOptions(List.of("-XX:+UseG1GC", "-Xms1g"));

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.jvm.options");
            assertThat(problem.message()).contains("-Xms1g").contains("768Mi")
                    .contains("spec.resources.limits.memory").contains("spec.jvm.maxRamPercentage");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Xms768m", "-Xms786432k", "-Xms512M", "-Xms1G"})
    void anInitialHeapUpToTheHeapIsValid(String option) {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", new Quantity("2Gi"))).build());
        cluster.getSpec().getJvm().setMaxRamPercentage(50);
        cluster.getSpec().getJvm().setOptions(List.of(option));

        assertThat(validate()).isEmpty();
    }

    @Test
    void anInitialHeapIsComparedWithTheDefaultMemoryLimitWhenNoResourcesAreGiven() {
        cluster.getSpec().getJvm().setOptions(List.of("-Xms512m"));

        assertThat(validate()).extracting(SpecProblem::field).containsExactly("spec.jvm.options");
    }

    @Test
    void aConfigHazelcastCannotLoadIsInvalid() {
        RenderedConfig broken = new RenderedConfig("hazelcast:\n  network:\n    port: {port: not-a-number}\n",
                RenderedConfig.of(cluster).clientYaml());

        List<SpecProblem> problems = SpecValidator.validate(cluster, broken, RunningMembers.NONE);

        assertThat(problems).singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("Hazelcast rejects the rendered hazelcast.yaml"));
    }

    @Test
    void aPatchVersionChangeRolls() {
        cluster.getSpec().setVersion("5.3.8");

        assertThat(SpecValidator.validate(cluster, RenderedConfig.of(cluster), runningVersion("5.3.7"))).isEmpty();
    }

    @Test
    void aMinorVersionChangeUpgradesWhenTheMembersCanHoldTheFenceAndIsRefusedOtherwise() {
        cluster.getSpec().setVersion("5.7.0");
        cluster.getSpec().getSessions().setFramework(SessionFramework.SpringSession);
        assertThat(SpecValidator.validate(cluster, RenderedConfig.of(cluster), runningVersion("5.6.0"))).isEmpty();
        cluster.getSpec().setVersion("5.5.0");
        assertThat(SpecValidator.validate(cluster, RenderedConfig.of(cluster), runningVersion("5.6.0"))).as("downwards too")
                .isEmpty();

        cluster.getSpec().getSessions().setFramework(SessionFramework.None);
        List<SpecProblem> problems = SpecValidator.validate(cluster, RenderedConfig.of(cluster), runningVersion("5.6.0"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.version");
            assertThat(problem.reason()).isEqualTo("UnsupportedVersionChange");
            assertThat(problem.message()).contains("members run 5.6.0").contains("set sessions.framework to SpringSession");
        });
    }

    @Test
    void aHighAvailabilityModeChangeIsRefusedWithItsOwnReason() {
        String running = RenderedConfig.of(cluster).memberYaml();
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Zone);

        List<SpecProblem> problems = SpecValidator.validate(cluster, RenderedConfig.of(cluster),
                new RunningMembers(Optional.of("5.7.0"), Optional.of(running)));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.highAvailability.mode");
            assertThat(problem.reason()).isEqualTo("UnsupportedConfigChange");
            assertThat(problem.message()).contains("members run with spec.highAvailability.mode None")
                    .contains("a member with Zone would be refused");
        });
    }

    @Test
    void aChangeTheJoinCheckIgnoresIsValid() {
        String running = RenderedConfig.of(cluster).memberYaml();
        cluster.getSpec().getSessions().setMaxIdleSeconds(60);
        cluster.getSpec().setGracefulShutdownSeconds(120);

        assertThat(SpecValidator.validate(cluster, RenderedConfig.of(cluster),
                new RunningMembers(Optional.of("5.7.0"), Optional.of(running)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hazelcast/hazelcast:5.6.0", "registry.local:5000/team/hazelcast:5.6.0-slim",
            "hazelcast/hazelcast:5.6", "hazelcast/hazelcast:5.7.1", "hazelcast/hazelcast:v5.6.0-jdk21"})
    void anImageTaggedWithAnotherVersionThanSpecVersionIsInvalid(String image) {
        cluster.getSpec().setVersion("5.7.0");
        cluster.getSpec().setImage(image);

        assertThat(validate()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.image");
            assertThat(problem.message()).contains(image).contains("spec.version 5.7.0");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hazelcast/hazelcast:5.7.0", "registry.local:5000/team/hazelcast:5.7.0-slim",
            "hazelcast/hazelcast:5.7", "hazelcast/hazelcast:latest", "registry.local:5000/hazelcast",
            "hazelcast/hazelcast@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "hazelcast/hazelcast:5.6.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void anImageTaggedWithSpecVersionOrWithoutAVersionTrustsSpecVersion(String image) {
        cluster.getSpec().setVersion("5.7.0");
        cluster.getSpec().setImage(image);

        assertThat(validate()).isEmpty();
    }

    @Test
    void aMinorVersionChangeThroughTheImageIsRefused() {
        cluster.getSpec().setVersion("5.6.0");
        cluster.getSpec().setImage("hazelcast/hazelcast:5.7.0");

        List<SpecProblem> problems = SpecValidator.validate(cluster, RenderedConfig.of(cluster), runningVersion("5.6.0"));

        assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.image");
    }

    private List<SpecProblem> validate() {
        return SpecValidator.validate(cluster, RenderedConfig.of(cluster), RunningMembers.NONE);
    }

    private static RunningMembers runningVersion(String version) {
        return new RunningMembers(Optional.of(version), Optional.empty());
    }
}
