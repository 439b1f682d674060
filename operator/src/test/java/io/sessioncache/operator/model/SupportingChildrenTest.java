package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.ClientServiceSpec;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupportingChildrenTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void membersServiceIsHeadlessAndPublishesNotReadyMembers() {
        Service service = Services.members(cluster);

        assertThat(service.getMetadata().getName()).isEqualTo("shop-sessions-members");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(5701));
    }

    @Test
    void clientServiceSelectsTheMembers() {
        Service service = Services.client(cluster);

        assertThat(service.getMetadata().getName()).isEqualTo("shop-sessions");
        assertThat(service.getSpec().getClusterIP()).isNull();
        assertThat(service.getSpec().getSelector()).isEqualTo(ClusterLabels.selector(cluster));
    }

    @Test
    void clientServiceIsClusterIpWithoutAnnotationsByDefault() {
        Service service = Services.client(cluster);

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void clientServiceTakesItsTypeAndAnnotationsFromTheSpec() {
        cluster.getSpec().getClientService().setType(ClientServiceSpec.Type.LoadBalancer);
        cluster.getSpec().getClientService().getAnnotations().put("service.beta.kubernetes.io/aws-load-balancer-internal", "true");

        Service service = Services.client(cluster);

        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("service.beta.kubernetes.io/aws-load-balancer-internal", "true"));
        assertThat(Services.members(cluster).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void clientServiceAnnotationsDoNotChangeTheMembers() {
        var before = MemberStatefulSet.build(cluster, RenderedConfig.of(cluster).memberConfigHash());
        cluster.getSpec().getClientService().getAnnotations().put("external-dns.alpha.kubernetes.io/hostname", "sessions.example.com");
        cluster.getSpec().getClientService().setType(ClientServiceSpec.Type.NodePort);

        var after = MemberStatefulSet.build(cluster, RenderedConfig.of(cluster).memberConfigHash());

        assertThat(after).isEqualTo(before);
    }

    @Test
    void disruptionBudgetLetsOneMemberGoWhileEvictionsAreAllowed() {
        PodDisruptionBudget pdb = DisruptionBudget.build(cluster, true);

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(ClusterLabels.selector(cluster));
    }

    @Test
    void disruptionBudgetLetsNoMemberGoOtherwise() {
        PodDisruptionBudget pdb = DisruptionBudget.build(cluster, false);

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void aNewClusterHoldsEvictionsUntilItIsSafe() {
        PodDisruptionBudget pdb = DesiredChildren.of(cluster, RenderedConfig.of(cluster)).supporting().stream()
                .filter(PodDisruptionBudget.class::isInstance).map(PodDisruptionBudget.class::cast).findFirst().orElseThrow();

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void dnsDiscoveryGetsNoRbac() {
        DesiredChildren children = DesiredChildren.of(cluster, RenderedConfig.of(cluster));

        assertThat(children.all()).extracting(HasMetadata::getKind)
                .containsExactly("ConfigMap", "ConfigMap", "NetworkPolicy", "Service", "Service", "PodDisruptionBudget",
                        "StatefulSet");
    }

    @Test
    void nodeAwareClustersGetReadOnlyDiscoveryRbacInTheirNamespace() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Node);

        DesiredChildren children = DesiredChildren.of(cluster, RenderedConfig.of(cluster));

        assertThat(children.all()).extracting(HasMetadata::getKind)
                .contains("ServiceAccount", "Role", "RoleBinding").doesNotContain("ClusterRoleBinding");
        Role role = (Role) children.all().stream().filter(Role.class::isInstance).findFirst().orElseThrow();
        assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list"));
    }

    @Test
    void zoneAwareClustersAlsoReadNodesThroughALabelledClusterBinding() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Zone);

        ClusterRoleBinding binding = DiscoveryRbac.nodeReaderBinding(cluster);

        assertThat(binding.getRoleRef().getName()).isEqualTo(DiscoveryRbac.NODE_READER_CLUSTER_ROLE);
        assertThat(binding.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(binding.getMetadata().getLabels()).containsEntry(ClusterLabels.OWNER_NAMESPACE, "shop")
                .containsEntry(ClusterLabels.INSTANCE, "shop-sessions");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("shop-sessions-member");
            assertThat(s.getNamespace()).isEqualTo("shop");
        });
    }

    @Test
    void everyNamespacedChildIsOwnedByTheCluster() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Node);

        DesiredChildren children = DesiredChildren.of(cluster, RenderedConfig.of(cluster));

        assertThat(children.all()).allSatisfy(child -> {
            assertThat(child.getMetadata().getNamespace()).isEqualTo("shop");
            assertThat(child.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(cluster.getMetadata().getUid()));
        });
    }
}
