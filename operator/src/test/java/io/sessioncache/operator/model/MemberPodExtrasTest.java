package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.MemberPodSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** spec.env, spec.pod.volumes and spec.pod.volumeMounts on the member pods, next to what the operator sets itself. */
class MemberPodExtrasTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void extraEnvFollowsTheOperatorsVariables() {
        EnvVar logging = new EnvVar("LOGGING_LEVEL", "DEBUG", null);
        EnvVar fromSecret = new EnvVarBuilder().withName("DB_PASSWORD")
                .withNewValueFrom().withNewSecretKeyRef("password", "db", false).endValueFrom().build();
        cluster.getSpec().getEnv().add(logging);
        cluster.getSpec().getEnv().add(fromSecret);

        assertThat(member().getEnv()).extracting(EnvVar::getName)
                .containsExactly("HAZELCAST_CONFIG", "JAVA_OPTS", "PROMETHEUS_PORT", "LOGGING_LEVEL", "DB_PASSWORD");
        assertThat(member().getEnv()).contains(logging, fromSecret);
    }

    @Test
    void theSchemaRefusesExactlyTheVariablesTheOperatorSets() throws Exception {
        assertThat(member().getEnv()).extracting(EnvVar::getName)
                .containsExactlyInAnyOrderElementsOf(MemberStatefulSet.OPERATOR_ENV);
        String rule = rule(SessionClusterSpec.class, "env");
        MemberStatefulSet.OPERATOR_ENV.forEach(name -> assertThat(rule).contains("'" + name + "'"));
    }

    @Test
    void extraVolumesAndMountsComeAfterTheOperatorsOwn() {
        Volume certificates = new VolumeBuilder().withName("certificates")
                .withNewSecret().withSecretName("member-tls").endSecret().build();
        VolumeMount mount = new VolumeMountBuilder().withName("certificates").withMountPath("/etc/tls").withReadOnly(true).build();
        cluster.getSpec().getPod().getVolumes().add(certificates);
        cluster.getSpec().getPod().getVolumeMounts().add(mount);

        assertThat(pod().getVolumes()).extracting(Volume::getName).containsExactly("config", "tmp", "certificates");
        assertThat(pod().getVolumes()).last().isEqualTo(certificates);
        assertThat(member().getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly(MemberStatefulSet.CONFIG_DIR, MemberStatefulSet.TMP_DIR, "/etc/tls");
        assertThat(member().getVolumeMounts()).last().isEqualTo(mount);
    }

    @Test
    void theSchemaRefusesTheOperatorsVolumeNamesAndMountPaths() throws Exception {
        assertThat(pod().getVolumes()).extracting(Volume::getName)
                .containsExactlyInAnyOrderElementsOf(MemberStatefulSet.OPERATOR_VOLUMES);
        String volumesRule = rule(MemberPodSpec.class, "volumes");
        MemberStatefulSet.OPERATOR_VOLUMES.forEach(name -> assertThat(volumesRule).contains("'" + name + "'"));
        String mountsRule = rule(MemberPodSpec.class, "volumeMounts");
        member().getVolumeMounts().forEach(m -> assertThat(mountsRule).contains("'" + m.getMountPath() + "'"));
    }

    @Test
    void noExtrasLeaveThePodAsBefore() {
        assertThat(member().getEnv()).hasSize(3);
        assertThat(pod().getVolumes()).hasSize(2);
        assertThat(member().getVolumeMounts()).hasSize(2);
    }

    private PodSpec pod() {
        return MemberStatefulSet.build(cluster, "hash").getSpec().getTemplate().getSpec();
    }

    private Container member() {
        return pod().getContainers().get(0);
    }

    /** Every CEL rule on the field, joined: a field may carry several. */
    private static String rule(Class<?> type, String field) throws NoSuchFieldException {
        return Arrays.stream(type.getDeclaredField(field).getAnnotationsByType(ValidationRule.class))
                .map(ValidationRule::value).collect(Collectors.joining(" && "));
    }
}
