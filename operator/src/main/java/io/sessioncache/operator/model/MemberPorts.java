package io.sessioncache.operator.model;

/** Hazelcast's member port, which serves the binary protocol and the REST health endpoints alike. */
public final class MemberPorts {

    public static final int MEMBER = 5701;
    public static final String MEMBER_NAME = "hazelcast";

    public static final String HEALTH_READY = "/hazelcast/health/ready";
    public static final String HEALTH_NODE_STATE = "/hazelcast/health/node-state";
    public static final String HEALTH_CLUSTER_SAFE = "/hazelcast/health/cluster-safe";
    public static final String HEALTH_CLUSTER_SIZE = "/hazelcast/health/cluster-size";

    private MemberPorts() {
    }
}
