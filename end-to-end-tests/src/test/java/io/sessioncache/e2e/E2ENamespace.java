package io.sessioncache.e2e;

/** The namespace one end-to-end test class owns. */
public record E2ENamespace(String name) {
}
