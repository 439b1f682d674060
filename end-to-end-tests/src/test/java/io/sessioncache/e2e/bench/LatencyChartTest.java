package io.sessioncache.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.e2e.load.LatencyTimeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class LatencyChartTest {

    @Test
    void writesADecodablePngOfTheChartsSize(@TempDir Path dir) throws Exception {
        XYChart chart = LatencyChart.of("ROLL_3, OPERATOR", syntheticLatency(), syntheticEvents());

        Path file = LatencyChart.writePng(chart, dir.resolve("plots/roll.png"));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("ImageIO decodes the file as an image").isNotNull();
        assertThat(image.getWidth()).isEqualTo(LatencyChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LatencyChart.HEIGHT);
    }

    @Test
    void holdsEachKindOfMemberEventAsASeriesAtItsMoments() {
        XYChart chart = LatencyChart.of("ROLL_3, OPERATOR", syntheticLatency(), syntheticEvents());

        assertThat(chart.getSeriesMap()).containsOnlyKeys(LatencyChart.LATENCY_SERIES,
                MemberTimeline.Kind.POD_DELETED.label, MemberTimeline.Kind.LEFT.label, MemberTimeline.Kind.READY.label);
        assertThat(chart.getSeriesMap().get(MemberTimeline.Kind.POD_DELETED.label).getXData()).containsExactly(2.0, 12.0);
        assertThat(chart.getSeriesMap().get(MemberTimeline.Kind.LEFT.label).getXData()).containsExactly(2.5);
        assertThat(chart.getSeriesMap().get(MemberTimeline.Kind.READY.label).getXData()).containsExactly(9.0);
        XYSeries latency = chart.getSeriesMap().get(LatencyChart.LATENCY_SERIES);
        assertThat(latency.getXData()).hasSize(200);
        assertThat(latency.getYData()).contains(5000.0);
        assertThat(chart.getSeriesMap().get(MemberTimeline.Kind.READY.label).getYData()[0])
                .as("markers sit above the slowest operation").isGreaterThan(5000.0);
    }

    @Test
    void timelineKeepsTheSlowestOperationOfEachSlotByItsStart() {
        long origin = 1_000_000_000L;
        LatencyTimeline timeline = new LatencyTimeline(origin, java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(10));

        timeline.record(origin - 1, TimeUnit.SECONDS.toNanos(9));
        timeline.record(origin + TimeUnit.MILLISECONDS.toNanos(250), TimeUnit.MILLISECONDS.toNanos(3));
        timeline.record(origin + TimeUnit.MILLISECONDS.toNanos(260), TimeUnit.MILLISECONDS.toNanos(40));
        timeline.record(origin + TimeUnit.MILLISECONDS.toNanos(299), TimeUnit.MILLISECONDS.toNanos(7));
        timeline.record(origin + TimeUnit.SECONDS.toNanos(11), TimeUnit.SECONDS.toNanos(9));

        assertThat(timeline.points()).containsExactly(new LatencyTimeline.Point(0.0, Double.NaN),
                new LatencyTimeline.Point(0.1, Double.NaN), new LatencyTimeline.Point(0.2, 40.0));
    }

    /** 20 s at 10 points a second, 0.5-2 ms, with one 5 s stall at 2.6 s. */
    private static List<LatencyTimeline.Point> syntheticLatency() {
        List<LatencyTimeline.Point> points = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            points.add(new LatencyTimeline.Point(i / 10.0, i == 26 ? 5000.0 : 0.5 + (i % 4) * 0.5));
        }
        return points;
    }

    private static List<MemberTimeline.Event> syntheticEvents() {
        return List.of(new MemberTimeline.Event(2.0, "b1-2", MemberTimeline.Kind.POD_DELETED),
                new MemberTimeline.Event(2.5, "b1-2", MemberTimeline.Kind.LEFT),
                new MemberTimeline.Event(9.0, "b1-2", MemberTimeline.Kind.READY),
                new MemberTimeline.Event(12.0, "b1-1", MemberTimeline.Kind.POD_DELETED));
    }
}
