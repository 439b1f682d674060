package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The copy of one cluster's sessions from its old member set to its new one, on a thread of its own so a reconcile
 * never waits on it; the reconciler reads {@link #state()} and asks for the last pass with {@link #finish()}.
 *
 * <p>A full job records the keys clients change, copies everything, then catches up until passes are short (see
 * {@link CatchUp}), which is {@link Copy.CaughtUp}, and keeps catching up, so the last pass stays short: under the
 * fence it copies the keys changed since, and reads whole only the partitions whose checksums still differ. A job that
 * only finishes (an operator restarted mid-switch) has no record of what was copied and compares checksums of both
 * sets. Either way the last pass raises the fence on the old set first, and a last pass that fails lowers it again, so
 * clients go back to the old set.
 */
public final class SessionCopyJob implements AutoCloseable {

    /** Catch-up passes that find fewer keys are logged at debug level only. */
    private static final int LOGGED_PASS_KEYS = 1_000;
    private static final Duration CATCH_UP_PAUSE = Duration.ofMillis(500);
    private static final int PAGE_SIZE = 100;
    private static final Logger LOG = Logger.getLogger(SessionCopyJob.class);

    private final String name;
    private final Supplier<HazelcastInstance> oldSet;
    private final Supplier<HazelcastInstance> newSet;
    private final String mapName;
    private final boolean fullCopy;
    private final CountDownLatch finishAsked = new CountDownLatch(1);
    private final Thread thread;
    private volatile Copy state = new Copy.Running(0, -1);
    private volatile long toCopy = -1;
    private volatile boolean closed;

    private SessionCopyJob(String name, Supplier<HazelcastInstance> oldSet, Supplier<HazelcastInstance> newSet, String mapName,
                           boolean fullCopy) {
        this.name = name;
        this.oldSet = oldSet;
        this.newSet = newSet;
        this.mapName = mapName;
        this.fullCopy = fullCopy;
        this.thread = new Thread(this::run, "session-copy-" + name);
        this.thread.setDaemon(true);
    }

    /** Copies everything and catches up until {@link #finish()}; the suppliers connect a client to each set. */
    public static SessionCopyJob copy(String name, Supplier<HazelcastInstance> oldSet, Supplier<HazelcastInstance> newSet,
                                      String mapName) {
        SessionCopyJob job = new SessionCopyJob(name, oldSet, newSet, mapName, true);
        job.thread.start();
        return job;
    }

    /** Only the last pass: fence, compare every entry, copy what differs, remove what the old set no longer holds. */
    public static SessionCopyJob lastPass(String name, Supplier<HazelcastInstance> oldSet, Supplier<HazelcastInstance> newSet,
                                          String mapName) {
        SessionCopyJob job = new SessionCopyJob(name, oldSet, newSet, mapName, false);
        // Already the last pass, so the reconciler waits for it instead of starting another while this one connects.
        job.state = new Copy.LastPassRunning();
        job.finish();
        job.thread.start();
        return job;
    }

    public Copy state() {
        return state;
    }

    /** Sessions the old set held when the full copy started; -1 before that, or for a job that only finishes. */
    public long toCopy() {
        return toCopy;
    }

    public boolean fullCopy() {
        return fullCopy;
    }

    /** Asks for the last pass; the job raises the fence when the catch-up pass under way ends. */
    public void finish() {
        finishAsked.countDown();
    }

    private void run() {
        HazelcastInstance from = null;
        HazelcastInstance to = null;
        try {
            from = oldSet.get();
            to = newSet.get();
            SessionCopier copier = new SessionCopier(from, to, mapName, PAGE_SIZE);
            if (fullCopy) {
                try (ChangedKeys changed = new ChangedKeys(from, mapName)) {
                    copyAndCatchUp(from, copier, changed);
                    lastPass(from, copier, changed);
                }
            } else {
                finishAsked.await();
                lastPass(from, copier, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warnf(e, "session copy %s failed", name);
                state = new Copy.Failed(describe(e));
            }
        } finally {
            shutdown(from);
            shutdown(to);
        }
    }

    private void copyAndCatchUp(HazelcastInstance from, SessionCopier copier, ChangedKeys changed) throws InterruptedException {
        toCopy = from.getMap(mapName).size();
        long copied = copier.copyAll(progress -> state = new Copy.Running(progress.copied(), toCopy)).copied();
        LOG.infof("session copy %s: %,d of %,d sessions copied; catching up", name, copied, toCopy);
        CatchUp catchUp = new CatchUp();
        while (!closed) {
            long started = System.nanoTime();
            if (changed.takeWholeMapChanged()) {
                copied = copier.copyAll(progress -> { }).copied();
            }
            Set<Data> keys = changed.drain();
            copier.copyKeys(keys);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            logPass(keys.size(), took);
            if (catchUp.afterPass(keys.size(), took) || state instanceof Copy.CaughtUp) {
                if (!(state instanceof Copy.CaughtUp)) {
                    LOG.infof("session copy %s: caught up (the last catch-up pass copied %,d sessions in %d ms)", name,
                            keys.size(), took.toMillis());
                }
                state = new Copy.CaughtUp(copied);
            }
            if (finishAsked.await(CATCH_UP_PAUSE.toMillis(), TimeUnit.MILLISECONDS) && state instanceof Copy.CaughtUp) {
                return;
            }
        }
    }

    private void logPass(int keys, Duration took) {
        if (keys >= LOGGED_PASS_KEYS) {
            LOG.infof("session copy %s: a catch-up pass copied %,d sessions changed meanwhile in %d ms", name, keys,
                    took.toMillis());
        } else {
            LOG.debugf("session copy %s: a catch-up pass copied %,d sessions in %d ms", name, keys, took.toMillis());
        }
    }

    /**
     * Raises the fence, copies the keys changed since the last catch-up and whatever else still differs; lowers the
     * fence again when that fails.
     *
     * @param changed the keys recorded during the copy, or null for a job that only finishes
     */
    private void lastPass(HazelcastInstance from, SessionCopier copier, ChangedKeys changed) {
        if (closed) {
            return;
        }
        state = new Copy.LastPassRunning();
        SessionFenceRegistration.raise(from, mapName);
        long fenced = System.nanoTime();
        try {
            // Whatever the clients changed before the fence and the events have not told yet (a map-wide clear
            // included) shows up as a partition whose checksums differ, which the copier then reads whole.
            Set<Data> since = changed == null ? Set.of() : changed.drain();
            CopyProgress last = copier.copyDifferences(since);
            LOG.infof("session copy %s: old member set fenced for %d ms; the last pass wrote %,d, removed %,d and compared %,d"
                    + " in partitions that differed", name, (System.nanoTime() - fenced) / 1_000_000, last.copied(),
                    last.deleted(), last.compared());
            state = new Copy.LastPassDone(last.copied());
        } catch (RuntimeException e) {
            lowerFence(from);
            throw e;
        }
    }

    private void lowerFence(HazelcastInstance from) {
        try {
            SessionFenceRegistration.lower(from, mapName);
        } catch (RuntimeException e) {
            LOG.warnf(e, "session copy %s: cannot lower the fence on the old member set", name);
        }
    }

    private static void shutdown(HazelcastInstance client) {
        if (client != null) {
            client.shutdown();
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Stops the job; a fence it raised stays (the switch goes forward), and nothing on either set is undone. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
