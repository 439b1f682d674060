package io.sessioncache.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.ProcessFootprint;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.api.v1alpha1.UpgradeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a minor-version upgrade from outside while it runs: when the SessionCluster's status first showed each
 * phase (read every 200 ms) and the operator process's resident memory (VmRSS) at each reading, so the peak while it
 * copies is known. Phases shorter than a reading may be missed; they then count towards the one before.
 */
final class UpgradeWatch implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(200);

    /** What one upgrade took: each phase's length, the operator's RSS before it and at its peak while copying. */
    record Figures(Map<UpgradePhase, Duration> phases, long rssBeforeKiB, long peakRssCopyingKiB) {
    }

    /** The last pass of the copy, from the operator's log: how long the old set stood fenced and what it wrote. */
    record Fence(long millis, long wrote) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final LongSupplier operatorPid;
    private final Instant started = Instant.now();
    private final Map<UpgradePhase, Instant> firstSeen = new EnumMap<>(UpgradePhase.class);
    private final ScheduledExecutorService readings = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "upgrade-watch");
        thread.setDaemon(true);
        return thread;
    });
    private long rssBeforeKiB = -1;
    private long peakRssCopyingKiB = -1;

    private UpgradeWatch(KubernetesClient client, String namespace, String name, LongSupplier operatorPid) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.operatorPid = operatorPid;
    }

    /** Starts reading; call it just before the version changes, as the upgrade's length is counted from here. */
    static UpgradeWatch start(KubernetesClient client, String namespace, String name, LongSupplier operatorPid) {
        UpgradeWatch watch = new UpgradeWatch(client, namespace, name, operatorPid);
        watch.read();
        watch.readings.scheduleWithFixedDelay(watch::read, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Stops reading; the last phase ends now. */
    Figures stop() {
        Instant end = Instant.now();
        close();
        synchronized (this) {
            return new Figures(phaseLengths(started, firstSeen, end), rssBeforeKiB, peakRssCopyingKiB);
        }
    }

    /**
     * Each phase seen, from its first sighting to the next phase's (or {@code end}); the first one seen is counted from
     * {@code start}, so the operator's time to notice the change is in it.
     */
    static Map<UpgradePhase, Duration> phaseLengths(Instant start, Map<UpgradePhase, Instant> firstSeen, Instant end) {
        Map<UpgradePhase, Duration> lengths = new EnumMap<>(UpgradePhase.class);
        List<UpgradePhase> seen = firstSeen.keySet().stream().sorted().toList();
        for (int i = 0; i < seen.size(); i++) {
            Instant from = i == 0 ? start : firstSeen.get(seen.get(i));
            Instant to = i + 1 < seen.size() ? firstSeen.get(seen.get(i + 1)) : end;
            lengths.put(seen.get(i), Duration.between(from, to));
        }
        return lengths;
    }

    /** The last "fenced for" line the operator logged for this cluster. */
    static Optional<Fence> lastFence(Path operatorLog, String cluster) {
        Pattern line = Pattern.compile("session copy .*\\b" + Pattern.quote(cluster)
                + "\\b.*fenced for (\\d+) ms; the last pass wrote ([\\d,]+)");
        try {
            return Files.readAllLines(operatorLog).stream().map(line::matcher).filter(Matcher::find)
                    .map(m -> new Fence(Long.parseLong(m.group(1)), Long.parseLong(m.group(2).replace(",", ""))))
                    .reduce((first, second) -> second);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void read() {
        try {
            SessionCluster cluster = client.resources(SessionCluster.class).inNamespace(namespace).withName(name).get();
            UpgradePhase phase = Optional.ofNullable(cluster).map(SessionCluster::getStatus).map(s -> s.getUpgrade())
                    .map(UpgradeStatus::getPhase).orElse(null);
            if (phase != null) {
                firstSeen.putIfAbsent(phase, Instant.now());
            }
            long rss = rssKiB();
            if (rssBeforeKiB < 0) {
                rssBeforeKiB = rss;
            }
            if (phase == UpgradePhase.Copying || phase == UpgradePhase.Switching) {
                peakRssCopyingKiB = Math.max(peakRssCopyingKiB, rss);
            }
        } catch (RuntimeException e) {
            // One reading missed (API server busy, operator restarting): the next one counts.
        }
    }

    private long rssKiB() {
        long pid = operatorPid.getAsLong();
        return pid > 0 ? ProcessFootprint.of(pid).rssKiB() : -1;
    }

    @Override
    public void close() {
        readings.shutdownNow();
        try {
            readings.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
