package io.sessioncache.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the copy may stop catching up and let the switch hold clients for the last pass. */
class CatchUpTest {

    private static final Duration LONG_PASS = Duration.ofSeconds(7);

    @Test
    void aPassThatFindsFewKeysIsCaughtUpHoweverLongItTook() {
        assertThat(new CatchUp().afterPass(CatchUp.FEW_KEYS - 1, LONG_PASS)).isTrue();
    }

    @Test
    void aQuickPassIsCaughtUp() {
        assertThat(new CatchUp().afterPass(5_000, Duration.ofMillis(400))).isTrue();
    }

    /**
     * The catch-up passes of a 1 GB upgrade under load, as the operator logged them (keys, ms): each shrank by about 40 %
     * at first. A pass that did not halve the one before still shortened the next, so the copy must go on; the rule that
     * counted that as caught up switched at 138,556 keys, and the fence then copied tens of thousands.
     */
    @Test
    void passesThatKeepShrinkingKeepCatchingUp() {
        CatchUp catchUp = new CatchUp();
        assertThat(caughtUpAfter(catchUp, 222_371, 81_451, 138_556, 42_200, 77_866, 23_142, 44_323, 16_911, 31_071, 9_199,
                17_139, 5_468, 12_170, 3_422, 7_927, 2_627)).doesNotContain(true);
    }

    /**
     * Another run of the same upgrade on a busier machine: one pass (34,508 -> 31,137) shrank by less than 10 %, the
     * next shrank again by 30 %. One pass that made no progress is not yet the end of progress.
     */
    @Test
    void oneStalledPassIsNotEnough() {
        CatchUp catchUp = new CatchUp();
        assertThat(caughtUpAfter(catchUp, 48_839, 18_353, 34_508, 15_318, 31_137, 10_255, 21_813, 8_332))
                .containsExactly(false, false, false, false);
    }

    /** Two passes in a row that find about as many keys as the fewest so far: clients change that much per pass. */
    @Test
    void passesThatStopShrinkingAreCaughtUp() {
        CatchUp catchUp = new CatchUp();
        assertThat(caughtUpAfter(catchUp, 7_927, 2_627, 5_834, 2_158, 5_387, 2_355, 5_512, 2_301))
                .containsExactly(false, false, false, true);
    }

    /** Passes that go up and down around what clients change per pass still end: a new low must beat the old by 10 %. */
    @Test
    void passesThatSwingAroundTheSameSizeAreCaughtUp() {
        CatchUp catchUp = new CatchUp();
        assertThat(caughtUpAfter(catchUp, 30_000, 9_000, 28_000, 8_500, 26_500, 8_000, 28_500, 8_600, 25_000, 7_500))
                .containsExactly(false, false, false, false, true);
    }

    /** Alternating keys and milliseconds of consecutive passes; the verdict after each. */
    private static List<Boolean> caughtUpAfter(CatchUp catchUp, int... keysAndMillis) {
        List<Boolean> verdicts = new ArrayList<>();
        for (int i = 0; i < keysAndMillis.length; i += 2) {
            verdicts.add(catchUp.afterPass(keysAndMillis[i], Duration.ofMillis(keysAndMillis[i + 1])));
        }
        return verdicts;
    }
}
