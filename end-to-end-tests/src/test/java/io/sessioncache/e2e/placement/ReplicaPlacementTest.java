package io.sessioncache.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

    private static final Map<String, String> ZONES = Map.of(
            "10.244.0.2", "zone-a", "10.244.0.3", "zone-a",
            "10.244.0.4", "zone-b", "10.244.0.5", "zone-c");

    @Test
    void findsPartitionsWhoseReplicasShareAZoneOrLackABackup() {
        ReplicaPlacement placement = new ReplicaPlacement(new String[][] {
                {"10.244.0.2", "10.244.0.4"},
                {"10.244.0.2", "10.244.0.3"},
                {"10.244.0.5", null},
                {"10.244.0.4", "10.244.0.2"},
        }, ZONES);

        assertThat(placement.partitionCount()).isEqualTo(4);
        assertThat(placement.partitionsNotSpreadOverZones()).containsExactly(1, 2);
        assertThat(placement.partitionsOnlyIn("zone-a")).containsExactly(1);
        assertThat(placement.partitionsOnlyIn("zone-c")).isEmpty();
        assertThat(placement.zonePairs()).containsExactly(Map.entry("zone-a -> zone-a", 1L),
                Map.entry("zone-a -> zone-b", 1L), Map.entry("zone-b -> zone-a", 1L), Map.entry("zone-c -> none", 1L));
    }

    @Test
    void refusesATableNamingAHostThatIsNoMember() {
        assertThatThrownBy(() -> new ReplicaPlacement(new String[][] {{"10.244.0.9", "10.244.0.2"}}, ZONES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.244.0.9");
    }
}
