package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.sessioncache.operator.api.v1alpha1.ClientServiceSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The headless Service members discover each other through, and the Service applications connect to. */
public final class Services {

    private Services() {
    }

    /** Publishes not-ready members too: a starting member must find the cluster before it can become Ready. */
    public static Service members(SessionCluster cluster) {
        return members(cluster, MemberSet.serving(cluster), Optional.empty());
    }

    /**
     * @param version while two member sets run, the version of this set's pods: its members must not find the other
     *                set's, which would refuse them (a member refused when it merges into another version's cluster
     *                may shut itself down)
     */
    public static Service members(SessionCluster cluster, MemberSet set, Optional<String> version) {
        return new ServiceBuilder()
                .withMetadata(ChildMetadata.of(cluster, set.membersService()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(selector(cluster, version))
                .withPorts(memberPort())
                .endSpec()
                .build();
    }

    /** Of the type the spec asks for (ClusterIP by default), with the spec's annotations, e.g. for a cloud load balancer. */
    public static Service client(SessionCluster cluster) {
        return client(cluster, Optional.empty());
    }

    /** @param version while two member sets run, the version of the set clients are sent to */
    public static Service client(SessionCluster cluster, Optional<String> version) {
        ClientServiceSpec spec = cluster.getSpec().getClientService();
        ObjectMeta metadata = ChildMetadata.of(cluster, ClusterNames.of(cluster).clientService());
        metadata.setAnnotations(new LinkedHashMap<>(spec.getAnnotations()));
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withType(spec.getType().name())
                .withSelector(selector(cluster, version))
                .withPorts(memberPort())
                .endSpec()
                .build();
    }

    private static Map<String, String> selector(SessionCluster cluster, Optional<String> version) {
        Map<String, String> selector = ClusterLabels.selector(cluster);
        version.ifPresent(v -> selector.put(ClusterLabels.VERSION, v));
        return selector;
    }

    private static ServicePort memberPort() {
        return new ServicePortBuilder()
                .withName(MemberPorts.MEMBER_NAME)
                .withProtocol("TCP")
                .withPort(MemberPorts.MEMBER)
                .withTargetPort(new IntOrString(MemberPorts.MEMBER_NAME))
                .build();
    }
}
