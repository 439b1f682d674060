package io.sessioncache.controlplane;

import java.time.Duration;

/** Lets time pass where nothing can be polled for: between retries, or while checking that nothing happens. */
public final class Pause {

    private Pause() {
    }

    /** Sleeps for {@code duration}; an interrupt ends the pause as an unchecked error, with the interrupt flag kept. */
    public static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
