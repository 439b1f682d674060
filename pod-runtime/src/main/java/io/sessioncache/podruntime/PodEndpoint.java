package io.sessioncache.podruntime;

import java.util.Map;

/** What name resolution needs to know about one running pod. */
public record PodEndpoint(String namespace, String name, Map<String, String> labels, String ip, boolean ready,
                          boolean terminating, String hostname, String subdomain) {
}
