package io.sessioncache.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class CostGrowthChartTest {

    @Test
    void writesOneChartPerQuantityIntoADecodablePng(@TempDir Path dir) throws Exception {
        List<XYChart> charts = CostGrowthChart.of(CostGrowth.rows(samples()));

        Path file = CostGrowthChart.writePng(charts, dir.resolve("cost.png"));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(charts).hasSize(6);
        assertThat(image.getWidth()).isEqualTo(CostGrowthChart.COLUMNS * CostGrowthChart.CHART_WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * CostGrowthChart.CHART_HEIGHT);
    }

    @Test
    void plotsEachSizesMedianAndPooledPercentiles() {
        List<CostGrowth.Row> rows = CostGrowth.rows(samples());

        XYChart createToChildren = CostGrowthChart.of(rows).get(0);
        XYChart rss = CostGrowthChart.of(rows).get(2);

        assertThat(createToChildren.getSeriesMap().get("p50").getXData()).containsExactly(1.0, 10.0);
        assertThat(createToChildren.getSeriesMap().get("p50").getYData()).containsExactly(100.0, 200.0);
        assertThat(createToChildren.getSeriesMap().get("p95").getYData()).containsExactly(120.0, 400.0);
        assertThat(rss.getSeriesMap().get("RSS").getYData()).containsExactly(150.0, 160.0);
        assertThat(CostGrowth.table(rows)).contains("| 10 | 3 | 200 / 400 ms (6) | 0 | 160 (150-170) MiB |");
    }

    /** Three repeats of two sizes; RSS 150, 150, 150 MiB at 1 cluster and 150, 160, 170 MiB at 10. */
    private static Map<Integer, List<ClusterCountCostBenchmark.Sample>> samples() {
        Map<Integer, List<ClusterCountCostBenchmark.Sample>> bySize = new TreeMap<>();
        bySize.put(1, List.of(sample(1, List.of(100L), 150), sample(1, List.of(90L), 150), sample(1, List.of(120L), 150)));
        bySize.put(10, List.of(sample(10, List.of(100L, 200L), 150), sample(10, List.of(200L, 400L), 160),
                sample(10, List.of(150L, 300L), 170)));
        return bySize;
    }

    private static ClusterCountCostBenchmark.Sample sample(int clusters, List<Long> creates, long rssMiB) {
        return new ClusterCountCostBenchmark.Sample(clusters, creates, List.of(), rssMiB * 1024, 100, 5000, 2000, 15000);
    }
}
