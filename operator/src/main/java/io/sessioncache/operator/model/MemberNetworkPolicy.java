package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.sessioncache.operator.api.v1alpha1.ClientSelectorSpec;
import io.sessioncache.operator.api.v1alpha1.MetricsSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The members' only access control: Community Edition has no authentication and no TLS, so whoever reaches the member
 * port reads and writes every session. The policy selects the member pods and lets in, each on its own rule: the other
 * members, the operator's pods (it reads the members' REST health endpoint on the member port), the client pods, and
 * the metrics port from anywhere (metrics carry counts, never session data). Ingress only: members still reach DNS and
 * the Kubernetes API. The kubelet's probes come from the node, which NetworkPolicy always lets through.
 */
public final class MemberNetworkPolicy {

    /** Set on namespaces by the API server since Kubernetes 1.22: selects one namespace by name. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    private static final String TCP = "TCP";

    private MemberNetworkPolicy() {
    }

    public static NetworkPolicy build(SessionCluster cluster, OperatorPods operator) {
        return build(cluster, operator, memberMetricsPort(cluster));
    }

    static NetworkPolicy build(SessionCluster cluster, OperatorPods operator, OptionalInt metricsPort) {
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(memberPortFrom(new NetworkPolicyPeerBuilder()
                .withPodSelector(matchLabels(ClusterLabels.selector(cluster))).build()));
        operator.namespace().ifPresent(namespace -> rules.add(memberPortFrom(new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(matchLabels(Map.of(NAMESPACE_NAME_LABEL, namespace)))
                .withPodSelector(matchLabels(operator.labels())).build())));
        rules.add(memberPortFrom(clients(cluster)));
        metricsPort.ifPresent(port -> rules.add(new NetworkPolicyIngressRuleBuilder()
                .addNewPort().withProtocol(TCP).withPort(new IntOrString(port)).endPort().build()));
        return new NetworkPolicyBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).networkPolicy()))
                .withNewSpec()
                .withPodSelector(matchLabels(ClusterLabels.selector(cluster)))
                .withPolicyTypes("Ingress")
                .withIngress(rules)
                .endSpec()
                .build();
    }

    /** The members' metrics port while they serve metrics ({@code spec.metrics}): the policy opens it to scrapers. */
    static OptionalInt memberMetricsPort(SessionCluster cluster) {
        MetricsSpec metrics = cluster.getSpec().getMetrics();
        return metrics.isEnabled() ? OptionalInt.of(metrics.getPort()) : OptionalInt.empty();
    }

    /** What status.networkAccess and the NetworkAccessChanged event say about who may reach the members. */
    public static String describeAccess(SessionCluster cluster, OperatorPods operator) {
        if (!cluster.getSpec().getNetworkPolicy().isEnabled()) {
            return "no NetworkPolicy (spec.networkPolicy.enabled is false): any pod that reaches port " + MemberPorts.MEMBER
                    + " can read and write every session";
        }
        String namespace = cluster.getMetadata().getNamespace();
        String operatorAccess = operator.namespace()
                .map(ns -> "the operator (pods " + describe(matchLabels(operator.labels())) + " in namespace " + ns + ")")
                .orElse("not the operator (its namespace is unknown: POD_NAMESPACE is not set)");
        NetworkPolicyPeer clients = clients(cluster);
        String clientNamespaces = clients.getNamespaceSelector() == null ? "namespace " + namespace
                : "namespaces " + describe(clients.getNamespaceSelector());
        String clientPods = clients.getPodSelector() == null ? "every pod" : "pods " + describe(clients.getPodSelector());
        StringBuilder text = new StringBuilder("NetworkPolicy " + ClusterNames.of(cluster).networkPolicy() + " lets into port "
                + MemberPorts.MEMBER + " only the members, " + operatorAccess + " and clients: " + clientPods + " in "
                + clientNamespaces);
        memberMetricsPort(cluster).ifPresent(port -> text.append("; metrics port ").append(port).append(" open to all"));
        return text.append(" (enforced only by a network plugin that implements NetworkPolicy)").toString();
    }

    /** The clients the spec names, or by default the pods of the cluster's namespace labelled for this cluster. */
    static NetworkPolicyPeer clients(SessionCluster cluster) {
        ClientSelectorSpec selector = cluster.getSpec().getNetworkPolicy().getClientSelector();
        if (selector == null) {
            return new NetworkPolicyPeerBuilder()
                    .withPodSelector(matchLabels(Map.of(ClusterLabels.CLIENT, cluster.getMetadata().getName()))).build();
        }
        return new NetworkPolicyPeerBuilder()
                .withPodSelector(selector.getPodSelector())
                .withNamespaceSelector(selector.getNamespaceSelector())
                .build();
    }

    private static NetworkPolicyIngressRule memberPortFrom(NetworkPolicyPeer peer) {
        return new NetworkPolicyIngressRuleBuilder()
                .withFrom(peer)
                .addNewPort().withProtocol(TCP).withPort(new IntOrString(MemberPorts.MEMBER)).endPort()
                .build();
    }

    private static LabelSelector matchLabels(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    /** A selector as kubectl writes one: a=b,c in (d,e),!f; or "(any)" when it selects everything. */
    static String describe(LabelSelector selector) {
        List<String> terms = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((key, value) -> terms.add(key + "=" + value));
        }
        if (selector.getMatchExpressions() != null) {
            selector.getMatchExpressions().forEach(expression -> terms.add(describe(expression)));
        }
        return terms.isEmpty() ? "(any)" : String.join(",", terms);
    }

    private static String describe(LabelSelectorRequirement requirement) {
        String values = requirement.getValues() == null ? "" : requirement.getValues().stream().collect(Collectors.joining(","));
        return switch (requirement.getOperator()) {
            case "In" -> requirement.getKey() + " in (" + values + ")";
            case "NotIn" -> requirement.getKey() + " notin (" + values + ")";
            case "Exists" -> requirement.getKey();
            case "DoesNotExist" -> "!" + requirement.getKey();
            default -> requirement.getKey() + " " + requirement.getOperator() + " (" + values + ")";
        };
    }
}
