package io.sessioncache.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The cluster-count benchmark's figures per size, summed up over the repeats, and printed as a Markdown table. */
final class CostGrowth {

    private CostGrowth() {
    }

    /** Median, least and greatest of one figure over the repeats. */
    record Figure(double median, double min, double max) {

        static Figure of(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            return new Figure(sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
        }

        String format(String pattern) {
            String median = pattern.formatted(this.median);
            String low = pattern.formatted(min);
            String high = pattern.formatted(max);
            return low.equals(high) ? median : median + " (" + low + "-" + high + ")";
        }
    }

    /**
     * One size: create -> children percentiles over every timed create of every repeat; the other figures one per repeat.
     */
    record Row(int clusters, int repeats, int creates, double createP50Millis, double createP95Millis, Figure idleWrites,
               Figure rssMiB, Figure idleCpuSeconds, Figure cpuSeconds, Figure toFirstDeletionSeconds,
               Figure toFirstReadySeconds) {
    }

    static List<Row> rows(Map<Integer, List<ClusterCountCostBenchmark.Sample>> bySize) {
        List<Row> rows = new ArrayList<>();
        bySize.forEach((clusters, samples) -> {
            List<Long> creates = samples.stream().flatMap(s -> s.createMillis().stream()).sorted().toList();
            rows.add(new Row(clusters, samples.size(), creates.size(), percentile(creates, 0.50), percentile(creates, 0.95),
                    figure(samples, s -> s.idleWrites().size()), figure(samples, s -> s.rssKiB() / 1024.0),
                    figure(samples, s -> s.idleCpuMillis() / 1000.0), figure(samples, s -> s.cpuMillis() / 1000.0),
                    figure(samples, s -> s.toFirstDeletionMillis() / 1000.0), figure(samples, s -> s.toFirstReadyMillis() / 1000.0)));
        });
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder("| SessionClusters | repeats | create -> children p50 / p95 (creates) "
                + "| operator writes in the idle window | RSS | CPU in the idle window | CPU since start "
                + "| spec change -> first member deleted | spec change -> it is Ready again |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| %d | %d | %.0f / %.0f ms (%d) | %s | %s MiB | %s s | %s s | %s s | %s s |%n".formatted(row.clusters(),
                    row.repeats(), row.createP50Millis(), row.createP95Millis(), row.creates(), row.idleWrites().format("%.0f"),
                    row.rssMiB().format("%.0f"), row.idleCpuSeconds().format("%.1f"), row.cpuSeconds().format("%.1f"),
                    row.toFirstDeletionSeconds().format("%.2f"), row.toFirstReadySeconds().format("%.1f")));
        }
        return table.toString();
    }

    private static Figure figure(List<ClusterCountCostBenchmark.Sample> samples, ToDoubleFunction<ClusterCountCostBenchmark.Sample> value) {
        return Figure.of(samples.stream().map(value::applyAsDouble).toList());
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
