package io.sessioncache.e2e.placement;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A partition table as a member returned it ({@link PartitionReplicas}: each partition's replica hosts, primary
 * first), seen through the zone of each host, which the test reads from the API server (pod IP, its node, the node's
 * zone label), not from Hazelcast.
 */
public final class ReplicaPlacement {

    private final String[][] zones;

    /**
     * @param hosts      [partition][replica] -> host, null where the member's table has no replica
     * @param zoneOfHost the zone of every member's host
     * @throws IllegalArgumentException when the table names a host that is no member
     */
    public ReplicaPlacement(String[][] hosts, Map<String, String> zoneOfHost) {
        this.zones = Arrays.stream(hosts).map(replicas -> Arrays.stream(replicas)
                .map(host -> host == null ? null : zoneOf(host, zoneOfHost)).toArray(String[]::new)).toArray(String[][]::new);
    }

    private static String zoneOf(String host, Map<String, String> zoneOfHost) {
        String zone = zoneOfHost.get(host);
        if (zone == null) {
            throw new IllegalArgumentException("the partition table names " + host + ", which is no member of " + zoneOfHost.keySet());
        }
        return zone;
    }

    public int partitionCount() {
        return zones.length;
    }

    /** Partitions that lack a replica, or have two replicas in one zone: those that losing one zone may take whole. */
    public List<Integer> partitionsNotSpreadOverZones() {
        return IntStream.range(0, zones.length).filter(partition -> {
            List<String> replicas = Arrays.asList(zones[partition]);
            return replicas.contains(null) || Set.copyOf(replicas).size() < replicas.size();
        }).boxed().toList();
    }

    /** Partitions whose every replica is in {@code zone}: losing that zone loses them. */
    public Set<Integer> partitionsOnlyIn(String zone) {
        return IntStream.range(0, zones.length)
                .filter(partition -> Arrays.stream(zones[partition]).allMatch(zone::equals))
                .boxed().collect(Collectors.toSet());
    }

    /** How many partitions have their primary in one zone and their first backup in another (or the same), by pair. */
    public SortedMap<String, Long> zonePairs() {
        return Arrays.stream(zones).filter(replicas -> replicas.length > 1)
                .map(replicas -> replicas[0] + " -> " + Objects.toString(replicas[1], "none"))
                .collect(Collectors.groupingBy(pair -> pair, TreeMap::new, Collectors.counting()));
    }
}
