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

/** The headless Service members discover each other through, and the Service applications connect to. */
public final class Services {

    private Services() {
    }

    /** Publishes not-ready members too: a starting member must find the cluster before it can become Ready. */
    public static Service members(SessionCluster cluster) {
        return new ServiceBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).membersService()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(ClusterLabels.selector(cluster))
                .withPorts(memberPort())
                .endSpec()
                .build();
    }

    /** Of the type the spec asks for (ClusterIP by default), with the spec's annotations, e.g. for a cloud load balancer. */
    public static Service client(SessionCluster cluster) {
        ClientServiceSpec spec = cluster.getSpec().getClientService();
        ObjectMeta metadata = ChildMetadata.of(cluster, ClusterNames.of(cluster).clientService());
        metadata.setAnnotations(new LinkedHashMap<>(spec.getAnnotations()));
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withType(spec.getType().name())
                .withSelector(ClusterLabels.selector(cluster))
                .withPorts(memberPort())
                .endSpec()
                .build();
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
