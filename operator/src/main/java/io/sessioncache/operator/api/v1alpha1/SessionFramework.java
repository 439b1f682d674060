package io.sessioncache.operator.api.v1alpha1;

/**
 * The web-session library the applications use. Each one needs classes and settings on the members when it runs as a
 * client of the cluster; the operator provides them.
 */
public enum SessionFramework {
    /** Applications use the map directly: nothing framework-specific on the members. */
    None,
    /** Spring Session ({@code spring-session-hazelcast} 3.5): principal-name attribute and index, MapSession serializer. */
    SpringSession,
    /** Hazelcast's servlet filter ({@code hazelcast-wm} 5.0) in client mode: its entry processors and serializers. */
    HazelcastWebFilter;

    /** Whether members need classes of the framework's jars. */
    public boolean needsMemberClasses() {
        return this != None;
    }
}
