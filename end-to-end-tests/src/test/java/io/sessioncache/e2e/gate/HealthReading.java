package io.sessioncache.e2e.gate;

import com.fasterxml.jackson.databind.JsonNode;

/** What one member's /hazelcast/health answered, or that it did not answer. */
public record HealthReading(boolean reachable, String nodeState, String clusterState, boolean clusterSafe,
                            int migrationQueueSize, int clusterSize) {

    public static final HealthReading UNREACHABLE = new HealthReading(false, "UNKNOWN", "UNKNOWN", false, -1, -1);

    static HealthReading parse(JsonNode body) {
        return new HealthReading(true, body.path("nodeState").asText("UNKNOWN"), body.path("clusterState").asText("UNKNOWN"),
                body.path("clusterSafe").asBoolean(false), body.path("migrationQueueSize").asInt(-1),
                body.path("clusterSize").asInt(-1));
    }

    /** Serving and able to hand partitions over: the member and its cluster ACTIVE, and the cluster safe. */
    public boolean activeAndSafe() {
        return reachable && "ACTIVE".equals(nodeState) && "ACTIVE".equals(clusterState) && clusterSafe;
    }

    @Override
    public String toString() {
        if (!reachable) {
            return "no answer";
        }
        return "%s/%s %s size %d mq %d".formatted(nodeState, clusterState, clusterSafe ? "safe" : "UNSAFE", clusterSize,
                migrationQueueSize);
    }
}
