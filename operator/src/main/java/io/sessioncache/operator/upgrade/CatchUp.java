package io.sessioncache.operator.upgrade;

import java.time.Duration;

/**
 * When the copy counts as caught up, so that the switch may begin: the last pass, under the fence, copies what clients
 * change during one catch-up pass, so passes should be as short as they will get before clients are held for it.
 * Fed each catch-up pass in turn.
 */
final class CatchUp {

    /** Keys a pass may still find for the copy to count as caught up, however long it took. */
    static final int FEW_KEYS = 200;
    /** A pass this quick predicts a last pass about as quick. */
    static final Duration QUICK_PASS = Duration.ofSeconds(1);
    /** A pass that finds fewer keys than this share of the fewest so far has made the passes shorter. */
    static final double SHRINKING = 0.9;
    /**
     * Passes in a row that made them no shorter: what clients change during one pass has been met, and more passes no
     * longer shorten the last one. One is not enough: under a busy CPU a single pass may copy slowly and find as many.
     */
    static final int STALLED_PASSES = 2;

    private int fewestKeys = Integer.MAX_VALUE;
    private int stalledPasses;

    /**
     * @param keys keys the pass just ended found changed
     * @param took how long the pass took to copy them
     * @return whether the copy is caught up
     */
    boolean afterPass(int keys, Duration took) {
        if (keys < FEW_KEYS || took.compareTo(QUICK_PASS) < 0) {
            return true;
        }
        if (keys < SHRINKING * fewestKeys) {
            fewestKeys = keys;
            stalledPasses = 0;
            return false;
        }
        stalledPasses++;
        return stalledPasses >= STALLED_PASSES;
    }
}
