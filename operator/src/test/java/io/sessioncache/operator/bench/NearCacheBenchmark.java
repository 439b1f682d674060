package io.sessioncache.operator.bench;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.map.IMap;
import io.sessioncache.operator.RenderedMembers;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.nearcache.BackgroundWrites;
import io.sessioncache.operator.nearcache.Percentiles;
import io.sessioncache.operator.nearcache.ReadLatency;
import io.sessioncache.operator.nearcache.StalenessProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Near-cache staleness and read latency on real members (rendered member YAML) and real clients (published client
 * YAML), side by side: the operator's default (invalidations sent at once), Hazelcast's default (invalidations
 * batched) and no near cache. Staleness is how long after one client's acknowledged update another still reads the
 * old session, idle and while a third client writes other sessions. Run with
 * {@code mvn -B verify -Pbenchmark -pl operator -am -Dit.test=NearCacheBenchmark -Dfailsafe.failIfNoSpecifiedTests=false};
 * {@code -Dbench.repeats} (3),
 * {@code -Dbench.samples} (200), {@code -Dbench.batchedSamples} (10: each takes up to 20 s). Prints its figures,
 * asserts nothing about them.
 */
class NearCacheBenchmark {

    private static final int MEMBERS = 2;
    private static final int READS = 20_000;

    enum Variant {
        IMMEDIATE("operator default (invalidation sent at once)"),
        BATCHED("Hazelcast default (invalidations batched)"),
        OFF("near cache off");

        final String title;

        Variant(String title) {
            this.title = title;
        }
    }

    record Run(Percentiles idle, Percentiles loaded, Percentiles reads, double loadWritesPerSecond) {
    }

    @Test
    void stalenessAndReadLatency() throws Exception {
        int repeats = Integer.getInteger("bench.repeats", 3);
        Map<Variant, List<Run>> runs = new EnumMap<>(Variant.class);
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (Variant variant : Variant.values()) {
                Run run = run(variant);
                runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                System.out.printf("repeat %d, %s: idle %s | under load (%.0f writes/s) %s | reads %s%n",
                        repeat, variant.title, run.idle(), run.loadWritesPerSecond(), run.loaded(), run.reads());
            }
        }
        print(runs, repeats);
    }

    private static Run run(Variant variant) throws Exception {
        SessionCluster cluster = SessionClusters.named("bench-" + variant.name().toLowerCase() + "-" + System.nanoTime());
        cluster.getSpec().getNearCache().setEnabled(variant != Variant.OFF);
        Consumer<Config> members = variant == Variant.BATCHED
                ? config -> config.setProperty(MemberConfigYaml.INVALIDATION_BATCHING, "true")
                : config -> { };
        int samples = variant == Variant.BATCHED ? Integer.getInteger("bench.batchedSamples", 10) : Integer.getInteger("bench.samples", 200);
        try (RenderedMembers running = RenderedMembers.start(cluster, MEMBERS, members)) {
            String map = cluster.getSpec().getSessions().getMapName();
            IMap<String, String> writer = running.publishedClient().getMap(map);
            IMap<String, String> reader = running.publishedClient().getMap(map);
            StalenessProbe probe = new StalenessProbe(writer, reader, variant != Variant.OFF, Duration.ofSeconds(15));
            // Hazelcast flushes batched invalidations every 10 s: start batched samples at random points of that period.
            Duration pause = variant == Variant.BATCHED ? Duration.ofSeconds(10) : Duration.ZERO;
            probe.measure(variant == Variant.BATCHED ? 1 : 10);
            Percentiles idle = probe.measure(samples, pause);
            Percentiles loaded;
            double rate;
            try (BackgroundWrites load = BackgroundWrites.start(running.publishedClient().getMap(map))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.writes() >= 1_000);
                loaded = probe.measure(samples, pause);
                rate = load.writesPerSecond();
            }
            return new Run(idle, loaded, ReadLatency.of(writer, reader, READS), rate);
        }
    }

    private static void print(Map<Variant, List<Run>> runs, int repeats) {
        System.out.printf("%n== near-cache staleness and read latency: %d members, %d repeats; median of the repeats (min-max) ==%n%n",
                MEMBERS, repeats);
        System.out.println("| | staleness at idle p50 / p99 / max | staleness under load p50 / p99 / max | read p50 / p99 |");
        System.out.println("|---|---|---|---|");
        for (Variant variant : Variant.values()) {
            List<Run> of = runs.get(variant);
            System.out.printf("| %s | %s | %s | %s |%n", variant.title,
                    triple(of, Run::idle), triple(of, Run::loaded),
                    spread(of, r -> r.reads().p50()) + " / " + spread(of, r -> r.reads().p99()));
        }
        var rates = runs.values().stream().flatMap(List::stream).mapToDouble(Run::loadWritesPerSecond).summaryStatistics();
        System.out.printf("%nsamples per repeat: %s; load: %.0f-%.0f writes/s of 1 KB sessions from a third client%n%n",
                samples(runs), rates.getMin(), rates.getMax());
    }

    private static String triple(List<Run> runs, Function<Run, Percentiles> which) {
        return spread(runs, r -> which.apply(r).p50()) + " / " + spread(runs, r -> which.apply(r).p99())
                + " / " + spread(runs, r -> which.apply(r).max());
    }

    /** The median of one figure over the repeats, with its range. */
    private static String spread(List<Run> runs, ToLongFunction<Run> figure) {
        List<Long> values = runs.stream().map(figure::applyAsLong).sorted().toList();
        long median = values.get(values.size() / 2);
        return Percentiles.format(median) + " (" + Percentiles.format(values.get(0)) + "-"
                + Percentiles.format(values.get(values.size() - 1)) + ")";
    }

    private static String samples(Map<Variant, List<Run>> runs) {
        StringBuilder text = new StringBuilder();
        runs.forEach((variant, of) -> text.append(text.isEmpty() ? "" : ", ").append(variant.name().toLowerCase())
                .append(' ').append(of.get(0).idle().count()));
        return text.toString();
    }
}
