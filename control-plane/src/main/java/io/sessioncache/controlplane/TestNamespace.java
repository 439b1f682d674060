package io.sessioncache.controlplane;

/** The namespace a test class owns on the shared control plane. */
public record TestNamespace(String name) {
}
