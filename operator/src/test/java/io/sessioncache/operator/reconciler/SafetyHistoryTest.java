package io.sessioncache.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SafetyHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final ResourceID SHOP = new ResourceID("shop", "team-a");

    private final SafetyHistory history = new SafetyHistory();

    @Test
    void theClockStartsAtTheFirstSafeAnswerAfterAnUnsafeOne() {
        history.saw(SHOP, false, T0);
        history.saw(SHOP, false, T0.plusSeconds(2));

        assertThat(history.saw(SHOP, true, T0.plusSeconds(4))).isEqualTo(T0.plusSeconds(4));
        assertThat(history.saw(SHOP, true, T0.plusSeconds(5))).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void oneUnsafeAnswerStartsItAgain() {
        history.saw(SHOP, true, T0);
        assertThat(history.saw(SHOP, false, T0.plusSeconds(3))).isEqualTo(T0.plusSeconds(3));
        assertThat(history.saw(SHOP, false, T0.plusSeconds(9))).isEqualTo(T0.plusSeconds(3));
        assertThat(history.saw(SHOP, true, T0.plusSeconds(10))).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void clustersAreTrackedApartAndAForgottenOneStartsAgain() {
        ResourceID other = new ResourceID("shop", "team-b");
        history.saw(SHOP, true, T0);
        history.saw(other, true, T0.plusSeconds(1));

        assertThat(history.saw(SHOP, true, T0.plusSeconds(2))).isEqualTo(T0);
        history.forget(SHOP);
        assertThat(history.saw(SHOP, true, T0.plusSeconds(3))).isEqualTo(T0.plusSeconds(3));
        assertThat(history.saw(other, true, T0.plusSeconds(3))).isEqualTo(T0.plusSeconds(1));
    }
}
