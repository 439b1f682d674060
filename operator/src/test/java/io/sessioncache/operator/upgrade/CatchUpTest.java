package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the copy may stop catching up and let the switch hold clients for the last pass. */
class CatchUpTest {

    private static final Duration LONG_PASS = Duration.ofSeconds(7);

    @Test
    void aPassThatFindsFewKeysIsCaughtUpHoweverLongItTook() {
        assertThat(CatchUp.caughtUp(CatchUp.FEW_KEYS - 1, Integer.MAX_VALUE, LONG_PASS)).isTrue();
    }

    @Test
    void aQuickPassIsCaughtUp() {
        assertThat(CatchUp.caughtUp(5_000, Integer.MAX_VALUE, Duration.ofMillis(400))).isTrue();
    }

    /**
     * Clients changing 0.6 sessions for each one a pass copies shrink every pass by 40 %: a long pass that did not halve
     * the one before still shortens the next, and the last pass runs under the fence, so the copy goes on.
     */
    @Test
    void aLongPassThatStillShrankKeepsCatchingUp() {
        assertThat(CatchUp.caughtUp(43_000, 72_000, LONG_PASS)).isFalse();
    }

    /** Passes that stay the same size show what clients change during one pass: more passes do not shorten the last. */
    @Test
    void aLongPassThatNoLongerShrinksIsCaughtUp() {
        assertThat(CatchUp.caughtUp(43_000, 45_000, LONG_PASS)).isTrue();
        assertThat(CatchUp.caughtUp(50_000, 45_000, LONG_PASS)).isTrue();
    }

    @Test
    void theFirstLongPassIsNotCaughtUp() {
        assertThat(CatchUp.caughtUp(43_000, Integer.MAX_VALUE, LONG_PASS)).isFalse();
    }
}
