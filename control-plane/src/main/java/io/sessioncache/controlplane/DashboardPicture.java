package io.sessioncache.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;

/**
 * Draws the time-series panels of a dashboard as one SVG picture: a plain line chart per panel, from series a real
 * Prometheus answered, so the docs can show what the Grafana dashboard shows without Grafana. Pure: data in, text out.
 */
public final class DashboardPicture {

    /** With -D{@value} set to a directory (relative to the repository root), {@link #save} also writes the picture there. */
    public static final String DIRECTORY_PROPERTY = "sessioncache.dashboard.pictures";

    /** One line: its legend and its points as (seconds since the picture's start, value). */
    public record Series(String legend, List<double[]> points) {

        /** Whether the line goes on to {@code seconds} after the start or later. */
        public boolean reaches(double seconds) {
            return !points.isEmpty() && points.get(points.size() - 1)[0] >= seconds;
        }

        /** Its numbers, without the NaN a ratio answers where it divides zero by zero. */
        public DoubleStream finiteValues() {
            return points.stream().mapToDouble(p -> p[1]).filter(Double::isFinite);
        }

        @Override
        public String toString() {
            return legend + " (" + points.size() + " points, " + finiteValues().count() + " numbers)";
        }
    }

    public record Panel(String title, String unit, List<Series> series) {
    }

    // After as many lines as colours, the colours repeat dashed.
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int COLUMNS = 2;
    private static final int PANEL_WIDTH = 560;
    private static final int MIN_PANEL_HEIGHT = 250;
    private static final int GAP = 20;
    private static final int TOP = 50;
    private static final int PLOT_LEFT = 60;
    private static final int PLOT_TOP = 30;
    private static final int PLOT_WIDTH = PANEL_WIDTH - PLOT_LEFT - 20;
    private static final int PLOT_HEIGHT = 140;
    private static final int LEGEND_TOP = PLOT_TOP + PLOT_HEIGHT + 34;
    private static final int LEGEND_COLUMNS = 3;
    private static final int LEGEND_LINE = 14;
    private static final int LEGEND_SWATCH = 16;
    /** About the width of a character of the 11 px sans-serif text, to keep legends from running into each other. */
    private static final double LEGEND_CHAR_WIDTH = 6.6;
    // Tops whose quarters, the axis' ticks, are short numbers.
    private static final double[] TOPS = {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8};

    private DashboardPicture() {
    }

    public static String svg(String title, String subtitle, List<Panel> panels, double seconds) {
        int width = COLUMNS * PANEL_WIDTH + (COLUMNS + 1) * GAP;
        StringBuilder body = new StringBuilder();
        int y = TOP;
        for (int row = 0; row * COLUMNS < panels.size(); row++) {
            List<Panel> inRow = panels.subList(row * COLUMNS, Math.min(panels.size(), (row + 1) * COLUMNS));
            // A row is as tall as its longest legend needs.
            int height = inRow.stream().mapToInt(DashboardPicture::height).max().orElse(MIN_PANEL_HEIGHT);
            for (int column = 0; column < inRow.size(); column++) {
                panel(body, inRow.get(column), GAP + column * (PANEL_WIDTH + GAP), y, height, seconds);
            }
            y += height + GAP;
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, y));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, y));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                GAP, escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" fill=\"#555\">%s</text>%n", GAP, escape(subtitle)));
        return svg.append(body).append("</svg>\n").toString();
    }

    /**
     * Writes the picture to target/dashboard/{@code name}.svg of the running module and, with -D{@value #DIRECTORY_PROPERTY}
     * set, to {@code name}.svg in that directory as well.
     */
    public static Path save(String svg, String name) throws IOException {
        Path picture = Files.writeString(Files.createDirectories(Path.of("target", "dashboard")).resolve(name + ".svg"), svg);
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory != null && !directory.isBlank()) {
            Files.writeString(RepositoryRoot.find().resolve(directory).resolve(name + ".svg"), svg);
        }
        return picture;
    }

    private static int height(Panel panel) {
        int columns = legendColumns(panel);
        int legendRows = (panel.series().size() + columns - 1) / columns;
        return Math.max(MIN_PANEL_HEIGHT, LEGEND_TOP + legendRows * LEGEND_LINE);
    }

    /** As many legend columns, up to {@value #LEGEND_COLUMNS}, as the longest legend leaves room for. */
    private static int legendColumns(Panel panel) {
        int longest = panel.series().stream().mapToInt(s -> s.legend().length()).max().orElse(0);
        int fit = (int) (PLOT_WIDTH / (LEGEND_SWATCH + LEGEND_CHAR_WIDTH * longest + 4));
        return Math.max(1, Math.min(LEGEND_COLUMNS, fit));
    }

    private static void panel(StringBuilder svg, Panel panel, int x, int y, int height, double seconds) {
        svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n", x, y));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ccc\"/>%n",
                PANEL_WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                escape(panel.title())));
        double max = panel.series().stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1])
                .filter(Double::isFinite).max().orElse(0);
        double top = roundTop(max);
        axes(svg, panel.unit(), top, seconds);
        int columns = legendColumns(panel);
        int line = 0;
        for (Series series : panel.series()) {
            String colour = COLOURS[line % COLOURS.length];
            String dash = line >= COLOURS.length ? " stroke-dasharray=\"5,3\"" : "";
            svg.append(String.format(Locale.ROOT, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s d=\"%s\"/>%n",
                    colour, dash, path(series, top, seconds)));
            int legendY = LEGEND_TOP + (line / columns) * LEGEND_LINE;
            int legendX = PLOT_LEFT + (line % columns) * (PLOT_WIDTH / columns);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX, legendY - 4, legendX + 12, legendY - 4, colour, dash,
                    legendX + LEGEND_SWATCH, legendY, escape(series.legend())));
            line++;
        }
        if (panel.series().isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\">no data</text>%n",
                    PLOT_LEFT + PLOT_WIDTH / 2 - 20, PLOT_TOP + PLOT_HEIGHT / 2));
        }
        svg.append("</g>\n");
    }

    /**
     * The series' line, broken where it has no number (a ratio's 0/0 while nothing happens), as Grafana shows it:
     * joined across, a mean latency would seem to go on between two loads.
     */
    private static String path(Series series, double top, double seconds) {
        StringBuilder path = new StringBuilder();
        boolean drawing = false;
        for (double[] p : series.points()) {
            if (Double.isFinite(p[1])) {
                path.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", drawing ? "L" : "M", PLOT_LEFT + p[0] / seconds * PLOT_WIDTH,
                        PLOT_TOP + PLOT_HEIGHT - p[1] / top * PLOT_HEIGHT));
            }
            drawing = Double.isFinite(p[1]);
        }
        return path.toString().strip();
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

    /** The axis' top: the first of 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 times a power of ten above the largest value. */
    static double roundTop(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max * 1.05)));
        for (double step : TOPS) {
            if (step * power >= max * 1.05) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String format(double value, String unit) {
        return switch (unit) {
            case "percentunit" -> String.format(Locale.ROOT, isWhole(value * 100) ? "%.0f%%" : "%.1f%%", value * 100);
            case "s" -> value < 1 ? String.format(Locale.ROOT, "%.0f ms", value * 1000) : String.format(Locale.ROOT, "%.1f s", value);
            case "ms" -> String.format(Locale.ROOT, "%.2f ms", value);
            case "ops" -> String.format(Locale.ROOT, isWhole(value) ? "%.0f/s" : "%.2f/s", value);
            default -> String.format(Locale.ROOT, isWhole(value) ? "%.0f" : "%.2f", value);
        };
    }

    /** Whole but for the last bits a multiplication by 1.2 or 2.4 leaves. */
    private static boolean isWhole(double value) {
        return Math.abs(value - Math.rint(value)) < 1e-9 * Math.max(1, Math.abs(value));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
