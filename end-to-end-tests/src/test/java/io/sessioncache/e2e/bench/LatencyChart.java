package io.sessioncache.e2e.bench;

import io.sessioncache.e2e.load.LatencyTimeline;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A latency-over-time chart of one benchmark run: the slowest client operation started in each slot (log scale; a gap
 * where none started, all clients waiting) against seconds since the change began, with one marker series per kind of
 * member event (each at its own height, labelled with the member) and a vertical line at every event.
 */
final class LatencyChart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 560;
    static final String LATENCY_SERIES = "slowest client operation started in each 100 ms (a gap: none started)";

    private static final Map<MemberTimeline.Kind, Marker> MARKERS = Map.of(
            MemberTimeline.Kind.POD_DELETED, SeriesMarkers.TRIANGLE_DOWN, MemberTimeline.Kind.KILLED, SeriesMarkers.CROSS,
            MemberTimeline.Kind.LEFT, SeriesMarkers.DIAMOND, MemberTimeline.Kind.READY, SeriesMarkers.TRIANGLE_UP);
    private static final Map<MemberTimeline.Kind, Color> COLORS = Map.of(
            MemberTimeline.Kind.POD_DELETED, new Color(200, 40, 40), MemberTimeline.Kind.KILLED, Color.BLACK,
            MemberTimeline.Kind.LEFT, new Color(230, 140, 0), MemberTimeline.Kind.READY, new Color(30, 150, 60));

    private LatencyChart() {
    }

    static XYChart of(String title, List<LatencyTimeline.Point> latency, List<MemberTimeline.Event> events) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("seconds since the change began").yAxisTitle("ms (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setAnnotationLineColor(new Color(0, 0, 0, 50))
                .setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f))
                .setMarkerSize(9);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        double slowest = latency.stream().mapToDouble(LatencyTimeline.Point::slowestMillis).filter(ms -> !Double.isNaN(ms))
                .max().orElse(1);
        XYSeries line = chart.addSeries(LATENCY_SERIES, latency.stream().map(LatencyTimeline.Point::seconds).toList(),
                latency.stream().map(p -> Math.max(p.slowestMillis(), 0.01)).toList());
        line.setMarker(SeriesMarkers.NONE).setLineColor(new Color(40, 90, 180)).setLineWidth(1f);
        // Above the slowest operation, one row per kind of event, so markers of different kinds never overlap.
        double row = Math.max(slowest, 100) * 2;
        for (MemberTimeline.Kind kind : MemberTimeline.Kind.values()) {
            List<MemberTimeline.Event> ofKind = events.stream().filter(e -> e.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            double height = row;
            XYSeries markers = chart.addSeries(kind.label, ofKind.stream().map(MemberTimeline.Event::seconds).toList(),
                    ofKind.stream().map(e -> height).toList());
            markers.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(MARKERS.get(kind))
                    .setMarkerColor(COLORS.get(kind));
            for (MemberTimeline.Event event : ofKind) {
                chart.addAnnotation(new AnnotationLine(event.seconds(), true, false));
                chart.addAnnotation(new AnnotationText(shortName(event.member()), event.seconds(), height * 1.6, false));
            }
            row *= 3;
        }
        // Room above the highest row for its labels.
        chart.getStyler().setYAxisMax(row);
        return chart;
    }

    static Path writePng(XYChart chart, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var out = Files.newOutputStream(file)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }

    /** The member's ordinal ("b3-2" -> "2"): the cluster's name is in the title already. */
    private static String shortName(String member) {
        int dash = member.lastIndexOf('-');
        return dash < 0 ? member : member.substring(dash + 1);
    }
}
