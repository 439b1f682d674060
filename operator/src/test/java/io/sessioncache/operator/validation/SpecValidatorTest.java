package io.sessioncache.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.model.RenderedConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
    void aConfigHazelcastCannotLoadIsInvalid() {
        RenderedConfig broken = new RenderedConfig("hazelcast:\n  network:\n    port: {port: not-a-number}\n",
                RenderedConfig.of(cluster).clientYaml());

        List<SpecProblem> problems = SpecValidator.validate(cluster, broken, Optional.empty());

        assertThat(problems).singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("Hazelcast rejects the rendered hazelcast.yaml"));
    }

    @Test
    void aPatchVersionChangeRolls() {
        cluster.getSpec().setVersion("5.3.8");

        assertThat(SpecValidator.validate(cluster, RenderedConfig.of(cluster), Optional.of("5.3.7"))).isEmpty();
    }

    @Test
    void aMinorVersionChangeIsRefusedWithItsOwnReason() {
        cluster.getSpec().setVersion("5.7.0");

        List<SpecProblem> problems = SpecValidator.validate(cluster, RenderedConfig.of(cluster), Optional.of("5.6.0"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.version");
            assertThat(problem.reason()).isEqualTo("UnsupportedVersionChange");
            assertThat(problem.message()).contains("members run 5.6.0").contains("cannot form one cluster");
        });
    }

    private List<SpecProblem> validate() {
        return SpecValidator.validate(cluster, RenderedConfig.of(cluster), Optional.empty());
    }
}
