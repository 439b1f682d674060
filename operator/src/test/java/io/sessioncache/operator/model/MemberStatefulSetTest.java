package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionMergePolicy;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MemberStatefulSetTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void onlyTheOperatorReplacesPods() {
        StatefulSet sts = MemberStatefulSet.build(cluster, "abc");

        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("shop-sessions-members");
    }

    @Test
    void carriesOwnerReferenceAndRecommendedLabels() {
        StatefulSet sts = MemberStatefulSet.build(cluster, "abc");

        assertThat(sts.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("SessionCluster");
            assertThat(ref.getName()).isEqualTo("shop-sessions");
            assertThat(ref.getController()).isTrue();
        });
        assertThat(sts.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "shop-sessions")
                .containsEntry("app.kubernetes.io/managed-by", "sessioncache-operator");
        assertThat(sts.getSpec().getSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "hazelcast",
                        "app.kubernetes.io/instance", "shop-sessions"));
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/version", "5.7.0");
    }

    /** The StatefulSet controller makes a new revision exactly when the pod template changes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("memberConfigChanges")
    void aMemberConfigChangeGivesANewPodTemplate(String change, Consumer<SessionCluster> edit) {
        PodTemplateSpec before = podTemplate(cluster);

        edit.accept(cluster);

        assertThat(podTemplate(cluster)).isNotEqualTo(before);
    }

    static Stream<Arguments> memberConfigChanges() {
        return Stream.of(
                Arguments.of("sessions.maxIdleSeconds", (Consumer<SessionCluster>) c -> c.getSpec().getSessions().setMaxIdleSeconds(60)),
                Arguments.of("sessions.mergePolicy", (Consumer<SessionCluster>) c -> c.getSpec().getSessions()
                        .setMergePolicy(SessionMergePolicy.PutIfAbsentMergePolicy)),
                Arguments.of("sessions.eviction.size", (Consumer<SessionCluster>) c -> c.getSpec().getSessions().getEviction().setSize(30)),
                Arguments.of("gracefulShutdownSeconds", (Consumer<SessionCluster>) c -> c.getSpec().setGracefulShutdownSeconds(120)));
    }

    @Test
    void anUnchangedSpecOrAClientOnlyChangeKeepsThePodTemplate() {
        PodTemplateSpec before = podTemplate(cluster);

        assertThat(podTemplate(SessionClusters.named("shop-sessions"))).isEqualTo(before);
        cluster.getSpec().getNearCache().setMaxIdleSeconds(10);
        assertThat(podTemplate(cluster)).as("the near cache lives in the clients: members need no restart").isEqualTo(before);
    }

    @Test
    void imageDerivesFromVersionUnlessOverridden() {
        cluster.getSpec().setVersion("5.6.0");
        assertThat(container().getImage()).isEqualTo("hazelcast/hazelcast:5.6.0");

        cluster.getSpec().setImage("registry.example/hz:custom");
        assertThat(container().getImage()).isEqualTo("registry.example/hz:custom");
    }

    @Test
    void terminationGraceOutlastsHazelcastsGracefulShutdown() {
        cluster.getSpec().setGracefulShutdownSeconds(120);

        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();

        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(150L);
    }

    @Test
    void probesUseTheHealthEndpoints() {
        Container container = container();

        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/hazelcast/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/hazelcast/health/node-state");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(5701);
    }

    @Test
    void meetsTheRestrictedPodSecurityStandard() {
        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void heapIsAShareOfTheMemoryLimit() {
        cluster.getSpec().getJvm().setMaxRamPercentage(60);
        cluster.getSpec().getJvm().getOptions().add("-XX:+UseG1GC");

        Container container = container();

        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("JAVA_OPTS");
            assertThat(env.getValue()).contains("-XX:MaxRAMPercentage=60.0").endsWith("-XX:+UseG1GC");
        });
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void userResourcesReplaceTheDefaults() {
        cluster.getSpec().setResources(new ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", new Quantity("2Gi"))).build());

        assertThat(container().getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        assertThat(container().getResources().getRequests()).isNullOrEmpty();
    }

    @Test
    void dnsDiscoveryNeedsNoServiceAccountToken() {
        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isNull();
    }

    @Test
    void membersPreferToSpreadOverNodesAndZonesByDefault() {
        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();

        assertThat(pod.getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey, TopologySpreadConstraint::getWhenUnsatisfiable)
                .containsExactly(tuple("kubernetes.io/hostname", "ScheduleAnyway"), tuple("topology.kubernetes.io/zone", "ScheduleAnyway"));
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> {
            assertThat(c.getMaxSkew()).isEqualTo(1);
            assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(ClusterLabels.selector(cluster));
        });
    }

    @Test
    void nodeModeRequiresOneMemberPerNode() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Node);

        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();

        assertThat(pod.getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey, TopologySpreadConstraint::getWhenUnsatisfiable)
                .containsExactly(tuple("kubernetes.io/hostname", "DoNotSchedule"), tuple("topology.kubernetes.io/zone", "ScheduleAnyway"));
    }

    @Test
    void theSpecsOwnSpreadReplacesTheOperators() {
        TopologySpreadConstraint own = new TopologySpreadConstraintBuilder().withMaxSkew(2).withTopologyKey("rack")
                .withWhenUnsatisfiable("DoNotSchedule").build();
        cluster.getSpec().getPod().getTopologySpreadConstraints().add(own);

        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();

        assertThat(pod.getTopologySpreadConstraints()).containsExactly(own);
    }

    @Test
    void zoneAwareClustersSpreadAcrossZonesAndUseTheirServiceAccount() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Zone);

        PodSpec pod = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec();

        assertThat(pod.getServiceAccountName()).isEqualTo("shop-sessions-member");
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(pod.getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey, TopologySpreadConstraint::getWhenUnsatisfiable)
                .containsExactly(tuple("kubernetes.io/hostname", "ScheduleAnyway"), tuple("topology.kubernetes.io/zone", "DoNotSchedule"));
    }

    @Test
    void placementAndMetadataReachThePods() {
        cluster.getSpec().getPod().getNodeSelector().put("pool", "sessions");
        cluster.getSpec().getPod().getLabels().put("team", "web");
        cluster.getSpec().getPod().getLabels().put("app.kubernetes.io/instance", "hijack");
        cluster.getSpec().getPod().getAnnotations().put("example.com/owner", "web-team");
        cluster.getSpec().getPod().setPriorityClassName("high");
        cluster.getSpec().setImage(" ");

        StatefulSet sts = MemberStatefulSet.build(cluster, "h");

        assertThat(sts.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("pool", "sessions");
        assertThat(sts.getSpec().getTemplate().getSpec().getPriorityClassName()).isEqualTo("high");
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("hazelcast/hazelcast:5.7.0");
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "web")
                .containsEntry("app.kubernetes.io/instance", "shop-sessions");
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("example.com/owner", "web-team");
    }

    @Test
    void emptyStringsAreLeftOutAsTheApiServerWouldDropThem() {
        cluster.getSpec().getPod().setPriorityClassName("");

        assertThat(MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec().getPriorityClassName()).isNull();
    }

    /** The pod template as the reconciler builds it from the spec alone. */
    private static PodTemplateSpec podTemplate(SessionCluster cluster) {
        return DesiredChildren.of(cluster, RenderedConfig.of(cluster)).statefulSet().getSpec().getTemplate();
    }

    private Container container() {
        return MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
