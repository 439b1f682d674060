package io.sessioncache.operator.it;

import java.util.List;
import java.util.Locale;

/**
 * Draws the time-series panels of a dashboard as one SVG picture: a plain line chart per panel, from series a real
 * Prometheus answered, so the docs can show what the Grafana dashboard shows without Grafana. Pure: data in, text out.
 */
final class DashboardPicture {

    /** One line: its legend and its points as (seconds since the picture's start, value). */
    record Series(String legend, List<double[]> points) {
    }

    record Panel(String title, String unit, List<Series> series) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int COLUMNS = 2;
    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 250;
    private static final int GAP = 20;
    private static final int TOP = 50;
    private static final int PLOT_LEFT = 60;
    private static final int PLOT_TOP = 30;
    private static final int PLOT_WIDTH = PANEL_WIDTH - PLOT_LEFT - 20;
    private static final int PLOT_HEIGHT = 140;

    private DashboardPicture() {
    }

    static String svg(String title, String subtitle, List<Panel> panels, double seconds) {
        int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * PANEL_WIDTH + (COLUMNS + 1) * GAP;
        int height = TOP + rows * (PANEL_HEIGHT + GAP);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                GAP, escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" fill=\"#555\">%s</text>%n", GAP, escape(subtitle)));
        for (int i = 0; i < panels.size(); i++) {
            int x = GAP + (i % COLUMNS) * (PANEL_WIDTH + GAP);
            int y = TOP + (i / COLUMNS) * (PANEL_HEIGHT + GAP);
            panel(svg, panels.get(i), x, y, seconds);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Panel panel, int x, int y, double seconds) {
        svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n", x, y));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ccc\"/>%n",
                PANEL_WIDTH, PANEL_HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                escape(panel.title())));
        double max = panel.series().stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1])
                .filter(Double::isFinite).max().orElse(0);
        double top = max <= 0 ? 1 : max * 1.1;
        axes(svg, panel.unit(), top, seconds);
        int line = 0;
        for (Series series : panel.series()) {
            String colour = COLOURS[line % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : series.points()) {
                if (Double.isFinite(p[1])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", PLOT_LEFT + p[0] / seconds * PLOT_WIDTH,
                            PLOT_TOP + PLOT_HEIGHT - p[1] / top * PLOT_HEIGHT));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    colour, points.toString().strip()));
            int legendY = PLOT_TOP + PLOT_HEIGHT + 34 + (line / 2) * 14;
            int legendX = PLOT_LEFT + (line % 2) * (PLOT_WIDTH / 2);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX, legendY - 4, colour, legendX + 14, legendY,
                    escape(series.legend())));
            line++;
        }
        if (panel.series().isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\">no data</text>%n",
                    PLOT_LEFT + PLOT_WIDTH / 2 - 20, PLOT_TOP + PLOT_HEIGHT / 2));
        }
        svg.append("</g>\n");
    }

    private static void axes(StringBuilder svg, String unit, double top, double seconds) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
                PLOT_LEFT, PLOT_TOP, PLOT_WIDTH, PLOT_HEIGHT));
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            int ty = PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * tick / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", PLOT_LEFT + 1, ty, PLOT_LEFT + PLOT_WIDTH - 1, ty,
                    PLOT_LEFT - 4, ty + 4, format(value, unit)));
        }
        for (int tick = 0; tick <= 4; tick++) {
            int tx = PLOT_LEFT + PLOT_WIDTH * tick / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>%n",
                    tx, PLOT_TOP + PLOT_HEIGHT + 14, seconds * tick / 4));
        }
    }

    static String format(double value, String unit) {
        return switch (unit) {
            case "percentunit" -> String.format(Locale.ROOT, "%.0f%%", value * 100);
            case "s" -> value < 1 ? String.format(Locale.ROOT, "%.0f ms", value * 1000) : String.format(Locale.ROOT, "%.1f s", value);
            case "ops" -> String.format(Locale.ROOT, "%.2f/s", value);
            default -> value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
