package io.sessioncache.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeWatchTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eachPhaseLastsUntilTheNextOneWasSeenAndAMissedPhaseCountsTowardsTheOneBefore() {
        Map<UpgradePhase, Instant> seen = new EnumMap<>(UpgradePhase.class);
        seen.put(UpgradePhase.Removing, START.plusSeconds(50));
        seen.put(UpgradePhase.Preparing, START.plusMillis(300));
        seen.put(UpgradePhase.Copying, START.plusSeconds(20));

        Map<UpgradePhase, Duration> lengths = UpgradeWatch.phaseLengths(START, seen, START.plusSeconds(58));

        assertThat(lengths).containsExactly(
                Map.entry(UpgradePhase.Preparing, Duration.ofSeconds(20)),
                Map.entry(UpgradePhase.Copying, Duration.ofSeconds(30)),
                Map.entry(UpgradePhase.Removing, Duration.ofSeconds(8)));
    }

    @Test
    void readsTheLastFenceTheOperatorLoggedForThatClusterOnly(@TempDir Path dir) throws Exception {
        Path log = Files.write(dir.resolve("operator.log"), List.of(
                "INFO session copy ResourceID{name='b1', namespace='e2e'}: old member set fenced for 900 ms; the last pass wrote 12 and removed 0",
                "INFO session copy ResourceID{name='b1', namespace='e2e'}: old member set fenced for 4210 ms; the last pass wrote 1,204 and removed 3",
                "INFO session copy ResourceID{name='b10', namespace='e2e'}: old member set fenced for 77 ms; the last pass wrote 5 and removed 0"));

        assertThat(UpgradeWatch.lastFence(log, "b1")).contains(new UpgradeWatch.Fence(4210, 1204));
        assertThat(UpgradeWatch.lastFence(log, "b2")).isEmpty();
    }
}
