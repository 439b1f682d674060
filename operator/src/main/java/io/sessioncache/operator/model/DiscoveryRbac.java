package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RBAC for Kubernetes API discovery, which node- and zone-aware partition groups need. DNS discovery needs none,
 * so those clusters get none.
 */
public final class DiscoveryRbac {

    /** Installed with the operator: read access to nodes, which zone-aware members need to learn their zone. */
    public static final String NODE_READER_CLUSTER_ROLE = "sessioncache-member-node-reader";
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private DiscoveryRbac() {
    }

    public static ServiceAccount serviceAccount(SessionCluster cluster) {
        return new ServiceAccountBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).memberServiceAccount()))
                .build();
    }

    public static Role role(SessionCluster cluster) {
        return new RoleBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).discoveryRole()))
                .withRules(
                        new PolicyRuleBuilder().withApiGroups("")
                                .withResources("endpoints", "pods", "services")
                                .withVerbs("get", "list").build(),
                        new PolicyRuleBuilder().withApiGroups("discovery.k8s.io")
                                .withResources("endpointslices")
                                .withVerbs("get", "list").build())
                .build();
    }

    public static RoleBinding roleBinding(SessionCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        return new RoleBindingBuilder()
                .withMetadata(ChildMetadata.of(cluster, names.discoveryRole()))
                .withNewRoleRef(RBAC_GROUP, "Role", names.discoveryRole())
                .withSubjects(new SubjectBuilder().withKind("ServiceAccount")
                        .withName(names.memberServiceAccount()).withNamespace(names.namespace()).build())
                .build();
    }

    /** Cluster-scoped, so it carries labels naming its owner instead of an owner reference; the operator deletes it. */
    public static ClusterRoleBinding nodeReaderBinding(SessionCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        Map<String, String> labels = new LinkedHashMap<>(ClusterLabels.of(cluster));
        labels.put(ClusterLabels.OWNER_NAMESPACE, names.namespace());
        return new ClusterRoleBindingBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(names.nodeReaderBinding()).withLabels(labels).build())
                .withNewRoleRef(RBAC_GROUP, "ClusterRole", NODE_READER_CLUSTER_ROLE)
                .withSubjects(new SubjectBuilder().withKind("ServiceAccount")
                        .withName(names.memberServiceAccount()).withNamespace(names.namespace()).build())
                .build();
    }
}
