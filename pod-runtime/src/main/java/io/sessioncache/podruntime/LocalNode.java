package io.sessioncache.podruntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Node the local runtime registers and runs the pods of: its name and the labels it carries besides the ones every
 * node gets. Every node is this machine: pods of all of them share one address pool and one hosts file.
 */
public record LocalNode(String name, Map<String, String> labels) {

    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    /** The single node of the runtime unless asked for more; it has no zone. */
    public static final LocalNode DEFAULT = named("sessioncache-local");
    private static final int MAX_ZONES = 26;

    public LocalNode {
        labels = Map.copyOf(labels);
    }

    public static LocalNode named(String name) {
        return new LocalNode(name, Map.of());
    }

    /** {@code count} nodes, one in each zone: {@code sessioncache-zone-a} in {@code zone-a}, then b, c, ... */
    public static List<LocalNode> oneInEachZone(int count) {
        if (count < 1 || count > MAX_ZONES) {
            throw new IllegalArgumentException("zones: 1 to " + MAX_ZONES + ", not " + count);
        }
        List<LocalNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String zone = "zone-" + (char) ('a' + i);
            nodes.add(new LocalNode("sessioncache-" + zone, Map.of(ZONE_LABEL, zone)));
        }
        return List.copyOf(nodes);
    }

    public Optional<String> zone() {
        return Optional.ofNullable(labels.get(ZONE_LABEL));
    }
}
