package io.sessioncache.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DashboardPictureTest {

    @Test
    void topsTheAxisWithARoundNumberAboveTheLargestValue() {
        assertThat(DashboardPicture.roundTop(520)).isEqualTo(600, within(1e-9));
        assertThat(DashboardPicture.roundTop(923)).isEqualTo(1000, within(1e-9));
        assertThat(DashboardPicture.roundTop(136.5)).isEqualTo(160, within(1e-9));
        assertThat(DashboardPicture.roundTop(0.085)).isEqualTo(0.1, within(1e-12));
        assertThat(DashboardPicture.roundTop(0)).isEqualTo(1);
        assertThat(DashboardPicture.format(DashboardPicture.roundTop(100) / 4, "short")).isEqualTo("30");
    }

    @Test
    void aPanelGrowsToHoldALegendOfManyLines() {
        List<DashboardPicture.Series> lines = IntStream.range(0, 15)
                .mapToObj(i -> new DashboardPicture.Series("member-" + i + " writes", List.of(new double[] {0, i}, new double[] {10, i})))
                .toList();

        String svg = DashboardPicture.svg("title", "subtitle", List.of(new DashboardPicture.Panel("Operations", "ops", lines)), 10);

        Matcher panel = Pattern.compile("<rect width=\"\\d+\" height=\"(\\d+)\" fill=\"#fafafa\"").matcher(svg);
        assertThat(panel.find()).isTrue();
        int panelHeight = Integer.parseInt(panel.group(1));
        Matcher legend = Pattern.compile("<text x=\"\\d+\" y=\"(\\d+)\">member-").matcher(svg);
        int legends = 0;
        while (legend.find()) {
            assertThat(Integer.parseInt(legend.group(1))).as("a legend line inside its panel").isLessThan(panelHeight);
            legends++;
        }
        assertThat(legends).isEqualTo(15);
        assertThat(svg).as("colours repeat dashed").contains("stroke-dasharray");
    }

    @Test
    void longLegendsTakeFewerColumnsSoTheyStayInsideThePanel() {
        List<DashboardPicture.Series> lines = List.of("alerting safe", "alerting rolling", "alerting halted: MemberNotReady").stream()
                .map(legend -> new DashboardPicture.Series(legend, List.of(new double[] {0, 1})))
                .toList();

        String svg = DashboardPicture.svg("title", "subtitle", List.of(new DashboardPicture.Panel("Safe", "short", lines)), 10);

        Matcher legend = Pattern.compile("<text x=\"(\\d+)\" y=\"\\d+\">alerting halted: MemberNotReady<").matcher(svg);
        assertThat(legend.find()).isTrue();
        int panelWidth = 560;
        assertThat(Integer.parseInt(legend.group(1)) + 31 * 6.6).as("where the longest legend ends").isLessThan(panelWidth);
    }

    @Test
    void breaksALineWhereItHasNoNumber() {
        List<double[]> points = List.of(new double[] {0, 1}, new double[] {1, 2}, new double[] {2, Double.NaN}, new double[] {3, 2},
                new double[] {4, 1});

        String svg = DashboardPicture.svg("title", "subtitle",
                List.of(new DashboardPicture.Panel("Mean latency", "ms", List.of(new DashboardPicture.Series("get", points)))), 4);

        Matcher line = Pattern.compile("<path [^>]* d=\"([^\"]*)\"").matcher(svg);
        assertThat(line.find()).isTrue();
        assertThat(line.group(1).split(" ")).as("two pieces of two points, not one line of four")
                .extracting(point -> point.charAt(0)).containsExactly('M', 'L', 'M', 'L');
    }
}
