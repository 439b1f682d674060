package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.ClientSelectorSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MemberNetworkPolicyTest {

    private static final OperatorPods OPERATOR = OperatorPods.of(Optional.of("sessioncache-system"),
            "app.kubernetes.io/name=sessioncache-operator,app.kubernetes.io/instance=ops");
    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void selectsTheMemberPodsAndRestrictsIngressOnly() {
        NetworkPolicy policy = MemberNetworkPolicy.build(cluster, OPERATOR);

        assertThat(policy.getMetadata().getName()).isEqualTo("shop-sessions");
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(ClusterLabels.selector(cluster));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void carriesTheOwnerReferenceAndLabelsOfEveryChild() {
        NetworkPolicy policy = MemberNetworkPolicy.build(cluster, OPERATOR);

        assertThat(policy.getMetadata().getLabels()).isEqualTo(ClusterLabels.of(cluster));
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo(cluster.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
        });
    }

    @Test
    void letsTheOtherMembersIntoTheMemberPort() {
        NetworkPolicyIngressRule members = rules().get(0);

        assertMemberPortOnly(members);
        assertThat(members.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(ClusterLabels.selector(cluster));
            assertThat(peer.getNamespaceSelector()).as("members share the cluster's namespace").isNull();
        });
    }

    @Test
    void letsTheOperatorPodsOfItsOwnNamespaceIntoTheMemberPortForTheHealthEndpoint() {
        NetworkPolicyIngressRule operator = rules().get(1);

        assertMemberPortOnly(operator);
        assertThat(operator.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsExactlyEntriesOf(Map.of("kubernetes.io/metadata.name", "sessioncache-system"));
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of(
                    "app.kubernetes.io/name", "sessioncache-operator", "app.kubernetes.io/instance", "ops"));
        });
    }

    @Test
    void anOperatorWhoseNamespaceIsUnknownGetsNoRuleRatherThanOneForEveryNamespace() {
        cluster.getSpec().getMetrics().setEnabled(false);
        List<NetworkPolicyIngressRule> rules = MemberNetworkPolicy.build(cluster, OperatorPods.outsideTheCluster())
                .getSpec().getIngress();

        assertThat(rules).hasSize(2);
        assertThat(rules).flatExtracting(NetworkPolicyIngressRule::getFrom)
                .noneSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
    }

    @Test
    void withoutAClientSelectorLetsInPodsOfTheClusterNamespaceLabelledForThisCluster() {
        NetworkPolicyIngressRule clients = rules().get(2);

        assertMemberPortOnly(clients);
        assertThat(clients.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels())
                    .containsExactlyEntriesOf(Map.of("sessioncache.io/client", "shop-sessions"));
            assertThat(peer.getNamespaceSelector()).isNull();
        });
    }

    @Test
    void aClientSelectorFromTheSpecReplacesTheDefaultClientRule() {
        ClientSelectorSpec selector = new ClientSelectorSpec();
        selector.setPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "shop")).build());
        selector.setNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression()
                .withKey("team").withOperator("In").withValues("checkout", "cart").endMatchExpression().build());
        cluster.getSpec().getNetworkPolicy().setClientSelector(selector);

        NetworkPolicyIngressRule clients = rules().get(2);

        assertMemberPortOnly(clients);
        NetworkPolicyPeer peer = clients.getFrom().get(0);
        assertThat(clients.getFrom()).hasSize(1);
        assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("app", "shop"));
        assertThat(peer.getNamespaceSelector().getMatchExpressions()).singleElement()
                .satisfies(e -> assertThat(e.getValues()).containsExactly("checkout", "cart"));
        assertThat(rules()).flatExtracting(NetworkPolicyIngressRule::getFrom)
                .noneSatisfy(p -> assertThat(p.getPodSelector().getMatchLabels()).containsKey(ClusterLabels.CLIENT));
    }

    @Test
    void aClientSelectorWithOnlyNamespacesLetsInEveryPodOfThem() {
        ClientSelectorSpec selector = new ClientSelectorSpec();
        selector.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("sessions", "shop")).build());
        cluster.getSpec().getNetworkPolicy().setClientSelector(selector);

        NetworkPolicyPeer peer = rules().get(2).getFrom().get(0);

        assertThat(peer.getPodSelector()).isNull();
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("sessions", "shop"));
    }

    @Test
    void noRuleOpensAnyOtherPortUnlessMembersServeMetrics() {
        cluster.getSpec().getMetrics().setEnabled(false);

        assertThat(rules()).hasSize(3).allSatisfy(MemberNetworkPolicyTest::assertMemberPortOnly);
        assertThat(MemberNetworkPolicy.memberMetricsPort(cluster)).isEmpty();
    }

    @Test
    void membersServingMetricsOpenTheirMetricsPort() {
        cluster.getSpec().getMetrics().setPort(9404);

        assertThat(MemberNetworkPolicy.memberMetricsPort(cluster)).hasValue(9404);
        assertThat(rules()).hasSize(4);
    }

    @Test
    void aMetricsPortIsOpenToEverySourceOnItsOwnRule() {
        List<NetworkPolicyIngressRule> rules = MemberNetworkPolicy.build(cluster, OPERATOR, OptionalInt.of(9404))
                .getSpec().getIngress();

        assertThat(rules).hasSize(4);
        NetworkPolicyIngressRule metrics = rules.get(3);
        assertThat(metrics.getFrom()).as("no from: every source").isNullOrEmpty();
        assertThat(metrics.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort().getIntVal()).isEqualTo(9404);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
    }

    @Test
    void isAChildByDefaultAndNoneWhenSwitchedOff() {
        assertThat(DesiredChildren.of(cluster, RenderedConfig.of(cluster)).supporting())
                .filteredOn(NetworkPolicy.class::isInstance).singleElement()
                .satisfies(policy -> assertThat(policy.getMetadata().getName()).isEqualTo("shop-sessions"));

        cluster.getSpec().getNetworkPolicy().setEnabled(false);

        assertThat(DesiredChildren.of(cluster, RenderedConfig.of(cluster)).supporting())
                .noneMatch(NetworkPolicy.class::isInstance);
    }

    @Test
    void describesWhoMayReachTheMembers() {
        assertThat(MemberNetworkPolicy.describeAccess(cluster, OPERATOR)).isEqualTo(
                "NetworkPolicy shop-sessions lets into port 5701 only the members, the operator (pods "
                        + "app.kubernetes.io/name=sessioncache-operator,app.kubernetes.io/instance=ops in namespace "
                        + "sessioncache-system) and clients: pods sessioncache.io/client=shop-sessions in namespace shop; "
                        + "metrics port 8080 open to all (enforced only by a network plugin that implements NetworkPolicy)");
    }

    @Test
    void describesACustomSelectorAnUnknownOperatorAndTheSwitchedOffPolicy() {
        ClientSelectorSpec selector = new ClientSelectorSpec();
        selector.setNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression()
                .withKey("team").withOperator("Exists").endMatchExpression().build());
        cluster.getSpec().getNetworkPolicy().setClientSelector(selector);

        assertThat(MemberNetworkPolicy.describeAccess(cluster, OperatorPods.outsideTheCluster()))
                .contains("not the operator (its namespace is unknown: POD_NAMESPACE is not set)")
                .contains("clients: every pod in namespaces team");

        cluster.getSpec().getNetworkPolicy().setEnabled(false);

        assertThat(MemberNetworkPolicy.describeAccess(cluster, OPERATOR))
                .startsWith("no NetworkPolicy (spec.networkPolicy.enabled is false): any pod that reaches port 5701");
    }

    @Test
    void operatorPodLabelsAreKeyValuePairs() {
        assertThat(OperatorPods.of(Optional.of(" "), " a=b , c=d ")).isEqualTo(
                new OperatorPods(Optional.empty(), Map.of("a", "b", "c", "d")));
        assertThatThrownBy(() -> OperatorPods.of(Optional.empty(), "a=b,nolabel"))
                .hasMessageContaining("'nolabel'");
        assertThatThrownBy(() -> OperatorPods.of(Optional.empty(), ""))
                .hasMessageContaining("at least one label");
    }

    private List<NetworkPolicyIngressRule> rules() {
        return MemberNetworkPolicy.build(cluster, OPERATOR).getSpec().getIngress();
    }

    private static void assertMemberPortOnly(NetworkPolicyIngressRule rule) {
        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort().getIntVal()).isEqualTo(5701);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
    }
}
