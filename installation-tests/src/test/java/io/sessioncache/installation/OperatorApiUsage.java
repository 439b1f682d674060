package io.sessioncache.installation;

import java.util.List;

/**
 * Every API call the operator makes, as RBAC rules: the chart must grant exactly these. Kept here, apart from the
 * chart, so that a rule added to the chart without a reason fails a test.
 */
final class OperatorApiUsage {

    record Rule(String apiGroup, List<String> resources, List<String> verbs, List<String> resourceNames) {
        Rule(String apiGroup, List<String> resources, List<String> verbs) {
            this(apiGroup, resources, verbs, List.of());
        }
    }

    private static final List<String> OWNED = List.of("get", "list", "watch", "create", "patch", "update", "delete");

    /** In every watched namespace (a ClusterRole when all are watched, else a Role in each). */
    static final List<Rule> NAMESPACED = List.of(
            new Rule("sessioncache.io", List.of("sessionclusters"), List.of("get", "list", "watch", "patch", "update")),
            new Rule("sessioncache.io", List.of("sessionclusters/status"), List.of("get", "patch", "update")),
            new Rule("sessioncache.io", List.of("sessionclusters/finalizers"), List.of("update")),
            new Rule("apps", List.of("statefulsets"), OWNED),
            new Rule("", List.of("services", "configmaps", "serviceaccounts"), OWNED),
            new Rule("policy", List.of("poddisruptionbudgets"), OWNED),
            new Rule("networking.k8s.io", List.of("networkpolicies"), OWNED),
            new Rule("rbac.authorization.k8s.io", List.of("roles", "rolebindings"), OWNED),
            new Rule("", List.of("pods"), List.of("get", "list", "watch", "delete")),
            new Rule("", List.of("endpoints"), List.of("get", "list")),
            new Rule("discovery.k8s.io", List.of("endpointslices"), List.of("get", "list")),
            new Rule("", List.of("events"), List.of("create", "patch")));

    /** Always cluster-wide: the node reader binding of zone-aware clusters. */
    static final List<Rule> CLUSTER = List.of(
            new Rule("rbac.authorization.k8s.io", List.of("clusterrolebindings"), OWNED),
            new Rule("rbac.authorization.k8s.io", List.of("clusterroles"), List.of("bind"),
                    List.of("sessioncache-member-node-reader")));

    /** In the operator's own namespace, with leader election. */
    static final List<Rule> LEADER_ELECTION = List.of(
            new Rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update")));

    private OperatorApiUsage() {
    }
}
