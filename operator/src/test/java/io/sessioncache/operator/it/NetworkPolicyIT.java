package io.sessioncache.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.TestNamespace;
import io.sessioncache.operator.api.v1alpha1.ClientSelectorSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.reconciler.SessionClusterReconciler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The members' NetworkPolicy on a real API server: created, kept in step with the spec, removed when switched off. */
@ExtendWith({ControlPlaneExtension.class, RunningOperator.class})
@OperatorEnvironment({"POD_NAMESPACE=sessioncache-system",
        "NETWORK_POLICY_OPERATOR_POD_LABELS=app.kubernetes.io/name=sessioncache-operator,app.kubernetes.io/instance=ops"})
class NetworkPolicyIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final ClustersInNamespace sessionClusters;

    NetworkPolicyIT(KubernetesClient client, TestNamespace namespace) {
        this.client = client;
        this.namespace = namespace;
        this.sessionClusters = new ClustersInNamespace(client, namespace);
    }

    @Test
    void createsThePolicyOwnedByTheClusterLettingInMembersOperatorAndLabelledClients() {
        SessionCluster cluster = sessionClusters.create("guarded");

        NetworkPolicy policy = awaitPolicy("guarded");

        assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(cluster.getMetadata().getUid()));
        assertThat(policy.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sessioncache-operator");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(rules).hasSize(4);
        assertThat(rules.subList(0, 3)).allSatisfy(rule -> assertThat(rule.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(5701)));
        // Members serve metrics by default: their port is open to any scraper, on a rule of its own.
        assertThat(rules.get(3).getFrom()).isNullOrEmpty();
        assertThat(rules.get(3).getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
        assertThat(rules.get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsExactlyEntriesOf(Map.of("kubernetes.io/metadata.name", "sessioncache-system"));
        assertThat(rules.get(1).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/instance", "ops");
        assertThat(rules.get(2).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsExactlyEntriesOf(Map.of("sessioncache.io/client", "guarded"));
        await().atMost(CONVERGE).until(() -> networkAccess("guarded") != null);
        assertThat(networkAccess("guarded")).contains("sessioncache.io/client=guarded in namespace " + namespace.name())
                .contains("namespace sessioncache-system");
        await().atMost(CONVERGE).until(() -> accessEvents("guarded").size() == 1);
        assertThat(accessEvents("guarded").get(0).getMessage()).isEqualTo(networkAccess("guarded"));
    }

    @Test
    void aPolicyDeletedByHandComesBack() {
        sessionClusters.create("recreated");
        String uid = awaitPolicy("recreated").getMetadata().getUid();

        policies().withName("recreated").delete();

        await().atMost(CONVERGE).until(() -> policy("recreated") != null && !uid.equals(policy("recreated").getMetadata().getUid()));
    }

    @Test
    void aClientSelectorChangeUpdatesThePolicyAndSaysSo() {
        sessionClusters.create("selected");
        awaitPolicy("selected");

        sessionClusters.patchSpec("selected", """
                {"networkPolicy": {"clientSelector": {
                    "podSelector": {"matchLabels": {"app": "shop"}},
                    "namespaceSelector": {"matchLabels": {"team": "checkout"}}}}}""");

        await().atMost(CONVERGE).until(() -> "shop".equals(clientRuleLabels("selected").get("app")));
        var clients = policy("selected").getSpec().getIngress().get(2).getFrom().get(0);
        assertThat(clients.getPodSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("app", "shop"));
        assertThat(clients.getNamespaceSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("team", "checkout"));
        await().atMost(CONVERGE).until(() -> networkAccess("selected").contains("pods app=shop in namespaces team=checkout"));
        await().atMost(CONVERGE).until(() -> accessEvents("selected").size() == 2);
    }

    @Test
    void switchingThePolicyOffDeletesItAndSwitchingItOnBringsItBack() {
        sessionClusters.create("switched");
        awaitPolicy("switched");

        sessionClusters.patchSpec("switched", "{\"networkPolicy\": {\"enabled\": false}}");

        await().atMost(CONVERGE).until(() -> policy("switched") == null);
        await().atMost(CONVERGE).until(() -> networkAccess("switched").startsWith("no NetworkPolicy"));
        assertThat(client.apps().statefulSets().inNamespace(namespace.name()).withName("switched").get()).isNotNull();

        sessionClusters.patchSpec("switched", "{\"networkPolicy\": {\"enabled\": true}}");

        awaitPolicy("switched");
        await().atMost(CONVERGE).until(() -> networkAccess("switched").startsWith("NetworkPolicy switched"));
        await().atMost(CONVERGE).until(() -> accessEvents("switched").size() == 3);
    }

    @Test
    void aClientSelectorThatNamesNoPodsIsRefusedByTheSchema() {
        SessionCluster cluster = new SessionCluster();
        cluster.setSpec(new SessionClusterSpec());
        cluster.getSpec().getNetworkPolicy().setClientSelector(new ClientSelectorSpec());
        cluster.setMetadata(new ObjectMetaBuilder().withName("unnamed").withNamespace(namespace.name()).build());

        assertThatThrownBy(() -> sessionClusters.api().resource(cluster).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("name the client pods with podSelector, namespaceSelector or both");
    }

    private NetworkPolicy awaitPolicy(String name) {
        await().atMost(CONVERGE).until(() -> policy(name) != null);
        return policy(name);
    }

    private Map<String, String> clientRuleLabels(String name) {
        NetworkPolicy policy = policy(name);
        return policy.getSpec().getIngress().get(2).getFrom().get(0).getPodSelector().getMatchLabels();
    }

    private String networkAccess(String name) {
        SessionCluster current = sessionClusters.api().withName(name).get();
        return current.getStatus() == null ? null : current.getStatus().getNetworkAccess();
    }

    private List<Event> accessEvents(String name) {
        return sessionClusters.events(name).stream()
                .filter(e -> SessionClusterReconciler.EVENT_NETWORK_ACCESS_CHANGED.equals(e.getReason()))
                .toList();
    }

    private NetworkPolicy policy(String name) {
        return policies().withName(name).get();
    }

    private NonNamespaceOperation<NetworkPolicy, ? extends KubernetesResourceList<NetworkPolicy>, Resource<NetworkPolicy>> policies() {
        return client.network().v1().networkPolicies().inNamespace(namespace.name());
    }
}
