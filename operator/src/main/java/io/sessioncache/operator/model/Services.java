package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;

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

    public static Service client(SessionCluster cluster) {
        return new ServiceBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).clientService()))
                .withNewSpec()
                .withType("ClusterIP")
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
