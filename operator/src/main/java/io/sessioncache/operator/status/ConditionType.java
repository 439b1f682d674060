package io.sessioncache.operator.status;

/** The fixed set of conditions every SessionCluster reports. */
public enum ConditionType {
    /** All members run, are Ready and up to date: applications can rely on the cluster. */
    Ready,
    /** The operator is moving the cluster towards its spec: creating, scaling or rolling members. */
    Progressing,
    /** The cluster cannot reach its spec without help: invalid spec, or a roll halted on an unsafe cluster. */
    Degraded
}
