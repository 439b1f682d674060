package io.sessioncache.operator.upgrade;

import java.time.Duration;

/**
 * When the copy counts as caught up, so that the switch may begin: the last pass, under the fence, copies what clients
 * change during one catch-up pass, so a pass should be short before clients are held for the next one.
 */
final class CatchUp {

    /** Keys a pass may still find for the copy to count as caught up, however long it took. */
    static final int FEW_KEYS = 200;
    /** A pass this quick predicts a last pass about as quick. */
    static final Duration QUICK_PASS = Duration.ofSeconds(1);
    /**
     * A pass that still finds this share of what the one before found has met what clients change during one pass:
     * more passes no longer shorten the last one.
     */
    static final double NO_LONGER_SHRINKING = 0.9;

    private CatchUp() {
    }

    /**
     * @param keys         keys the pass just ended found changed
     * @param previousKeys what the pass before found, or {@link Integer#MAX_VALUE} for the first
     * @param took         how long the pass took to copy them
     */
    static boolean caughtUp(int keys, int previousKeys, Duration took) {
        return keys < FEW_KEYS || took.compareTo(QUICK_PASS) < 0 || keys >= NO_LONGER_SHRINKING * previousKeys;
    }
}
