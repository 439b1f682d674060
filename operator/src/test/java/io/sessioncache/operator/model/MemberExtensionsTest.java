package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import org.junit.jupiter.api.Test;

class MemberExtensionsTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void noFrameworkAndNoExtensionsLeaveThePodAsItWas() {
        PodSpec pod = podSpec();

        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(member(pod).getEnv()).extracting(EnvVar::getName).doesNotContain("CLASSPATH");
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("config", "tmp");
    }

    @Test
    void springSessionCopiesTheFrameworkImageJarsOntoTheMembersClasspath() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.SpringSession);

        PodSpec pod = podSpec();

        Container copy = pod.getInitContainers().get(0);
        assertThat(copy.getImage()).isEqualTo("sessioncache/session-extensions:" + MemberExtensions.FRAMEWORK_IMAGE_TAG);
        assertThat(copy.getCommand()).containsExactly("cp", "-R", "/extensions/.", MemberExtensions.IMAGE_DIR + "/");
        assertThat(copy.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly(MemberExtensions.IMAGE_DIR);
        assertThat(copy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(member(pod).getVolumeMounts()).filteredOn(m -> m.getMountPath().equals(MemberExtensions.IMAGE_DIR))
                .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(member(pod).getEnv()).contains(new EnvVar("CLASSPATH", MemberExtensions.IMAGE_DIR + "/*", null));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("extensions-image"))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void theUsersImageReplacesTheFrameworkImage() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.HazelcastWebFilter);
        cluster.getSpec().getExtensions().setImage("registry.example/shop/member-jars:7");
        cluster.getSpec().getExtensions().setPath("/jars/");

        Container copy = podSpec().getInitContainers().get(0);

        assertThat(copy.getImage()).isEqualTo("registry.example/shop/member-jars:7");
        assertThat(copy.getCommand()).contains("/jars/.");
    }

    @Test
    void frameworkImageCanBeTurnedOffForJarsFromVolumes() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.SpringSession);
        cluster.getSpec().getExtensions().setFrameworkImage(false);
        cluster.getSpec().getExtensions().setConfigMap("shop-jars");
        cluster.getSpec().getExtensions().setPersistentVolumeClaim("shop-libs");

        PodSpec pod = podSpec();

        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(member(pod).getEnv()).contains(new EnvVar("CLASSPATH",
                MemberExtensions.CONFIG_MAP_DIR + "/*:" + MemberExtensions.VOLUME_DIR + "/*", null));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getConfigMap() != null && "shop-jars".equals(v.getConfigMap().getName())).hasSize(1);
        assertThat(pod.getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .singleElement().satisfies(v -> {
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("shop-libs");
                    assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
    }

    @Test
    void changingTheExtensionsChangesThePodTemplateSoMembersRoll() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.SpringSession);
        var before = MemberStatefulSet.build(cluster, "hash").getSpec().getTemplate();

        cluster.getSpec().getExtensions().setImage("registry.example/shop/member-jars:8");
        var after = MemberStatefulSet.build(cluster, "hash").getSpec().getTemplate();

        assertThat(after).isNotEqualTo(before);
    }

    private PodSpec podSpec() {
        return MemberStatefulSet.build(cluster, "hash").getSpec().getTemplate().getSpec();
    }

    private static Container member(PodSpec pod) {
        return pod.getContainers().get(0);
    }
}
