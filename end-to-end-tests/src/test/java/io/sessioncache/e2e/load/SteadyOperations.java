package io.sessioncache.e2e.load;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gets, writes and removes on a session map at a steady pace for a fixed time, so that a member's operation counters
 * grow through every metrics collection (Hazelcast's 5 s) and every scrape in that time. A burst that ends within one
 * collection may show in none of the rates that follow it. Each round reads one of the map's sessions, writes it back
 * unchanged, and writes and removes a key of its own: the map holds its sessions again once the run is over.
 */
public final class SteadyOperations {

    /** From when to when the operations ran, in epoch seconds, and how many rounds they made. */
    public record Ran(double from, double to, long rounds) {
    }

    private static final Duration PAUSE = Duration.ofMillis(20);

    private SteadyOperations() {
    }

    /**
     * Runs rounds on {@code sessions}, whose keys "session-0" to "session-(count-1)" hold "user-N", until
     * {@code lasting} has passed; an operation that fails or reads something else ends it with an error.
     */
    public static Ran run(IMap<String, String> sessions, int count, Duration lasting) {
        double from = epochSeconds();
        long deadline = System.nanoTime() + lasting.toNanos();
        long rounds = 0;
        while (System.nanoTime() < deadline) {
            int i = (int) (rounds % count);
            String key = "session-" + i;
            String value = sessions.get(key);
            if (!("user-" + i).equals(value)) {
                throw new AssertionError(key + " read as " + value + " in round " + rounds);
            }
            sessions.set(key, value);
            sessions.set("steady-" + rounds, value);
            if (!value.equals(sessions.remove("steady-" + rounds))) {
                throw new AssertionError("steady-" + rounds + " not removed as written");
            }
            rounds++;
            pause();
        }
        return new Ran(from, epochSeconds(), rounds);
    }

    private static double epochSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static void pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
