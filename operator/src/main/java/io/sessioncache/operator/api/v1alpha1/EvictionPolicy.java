package io.sessioncache.operator.api.v1alpha1;

/** Hazelcast eviction policies, named as Hazelcast names them. */
public enum EvictionPolicy {
    LRU,
    LFU,
    RANDOM,
    NONE
}
