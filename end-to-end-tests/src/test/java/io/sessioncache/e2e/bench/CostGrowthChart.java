package io.sessioncache.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The cluster-count benchmark's figures against the number of SessionClusters (log scale), one small chart per
 * quantity, medians over the repeats, written side by side into one PNG.
 */
final class CostGrowthChart {

    static final int COLUMNS = 3;
    static final int CHART_WIDTH = 520;
    static final int CHART_HEIGHT = 380;

    private CostGrowthChart() {
    }

    static List<XYChart> of(List<CostGrowth.Row> rows) {
        return List.of(
                chart("create -> children", "ms", rows, List.of(
                        new Line("p50", CostGrowth.Row::createP50Millis), new Line("p95", CostGrowth.Row::createP95Millis))),
                chart("operator API writes in the idle window", "writes", rows,
                        List.of(new Line("writes", r -> r.idleWrites().median()))),
                chart("operator RSS", "MiB", rows, List.of(new Line("RSS", r -> r.rssMiB().median()))),
                chart("operator CPU in the idle window", "CPU s", rows,
                        List.of(new Line("CPU", r -> r.idleCpuSeconds().median()))),
                chart("operator CPU since its start", "CPU s", rows, List.of(new Line("CPU", r -> r.cpuSeconds().median()))),
                chart("spec change -> first member restart", "s", rows, List.of(
                        new Line("first member deleted", r -> r.toFirstDeletionSeconds().median()),
                        new Line("it is Ready again", r -> r.toFirstReadySeconds().median()))));
    }

    static Path writePng(List<XYChart> charts, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            int rows = (charts.size() + COLUMNS - 1) / COLUMNS;
            try (var out = Files.newOutputStream(file)) {
                BitmapEncoder.saveBitmap(charts, rows, COLUMNS, out, BitmapEncoder.BitmapFormat.PNG);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }

    private record Line(String name, Function<CostGrowth.Row, Double> value) {
    }

    private static XYChart chart(String title, String unit, List<CostGrowth.Row> rows, List<Line> lines) {
        XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT).title(title)
                .xAxisTitle("SessionClusters (log scale)").yAxisTitle(unit).build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<Double> clusters = rows.stream().map(r -> (double) r.clusters()).toList();
        for (Line line : lines) {
            chart.addSeries(line.name(), clusters, rows.stream().map(line.value()).toList());
        }
        return chart;
    }
}
