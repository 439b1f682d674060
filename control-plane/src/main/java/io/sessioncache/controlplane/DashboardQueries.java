package io.sessioncache.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/**
 * Runs every query of a Grafana dashboard's panels against a real Prometheus as range queries, with the dashboard's
 * variables set the way Grafana would set them, and keeps each query's answer: for tests to check that the query finds
 * data, and for {@link DashboardPicture} to draw what the dashboard shows.
 */
public final class DashboardQueries {

    /** One panel query as sent (variables replaced) and the series Prometheus answered, legends filled in. */
    public record Answer(String expr, List<DashboardPicture.Series> series) {

        /** Whether some series has a point at {@code seconds} after the start or later: the query shows the present. */
        public boolean reaches(double seconds) {
            return series.stream().anyMatch(s -> s.reaches(seconds));
        }

        /** Every number answered, over all series and points. */
        public DoubleStream finiteValues() {
            return series.stream().flatMapToDouble(DashboardPicture.Series::finiteValues);
        }
    }

    public record AnsweredPanel(String title, String unit, List<Answer> answers) {

        /** The panel as drawn: every answered series, with {@code legend} applied to its legend. */
        public DashboardPicture.Panel picture(UnaryOperator<String> legend) {
            return new DashboardPicture.Panel(title, unit, answers.stream().flatMap(a -> a.series().stream())
                    .map(s -> new DashboardPicture.Series(legend.apply(s.legend()), s.points())).toList());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI prometheus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Queries the Prometheus HTTP API at {@code prometheus} (e.g. http://127.0.0.1:9090). */
    public DashboardQueries(URI prometheus) {
        this.prometheus = prometheus;
    }

    /** The dashboard's title. */
    public static String title(Path dashboard) throws IOException {
        return JSON.readTree(dashboard.toFile()).path("title").asText();
    }

    /**
     * Each panel of {@code dashboard} with what Prometheus answered to its queries from {@code start} to {@code end}
     * (epoch seconds, one point a second). {@code variables} maps a variable's name (without $, e.g. namespace or
     * __rate_interval) to its value.
     */
    public List<AnsweredPanel> run(Path dashboard, Map<String, String> variables, double start, double end) throws IOException {
        List<AnsweredPanel> panels = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
            List<Answer> answers = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                String expr = substitute(target.path("expr").asText(), variables);
                answers.add(new Answer(expr, range(expr, target.path("legendFormat").asText(), start, end)));
            }
            panels.add(new AnsweredPanel(panel.path("title").asText(),
                    panel.path("fieldConfig").path("defaults").path("unit").asText("short"), answers));
        }
        return panels;
    }

    /** Longest names first, so that $pod does not eat the start of a longer $pods. */
    static String substitute(String expr, Map<String, String> variables) {
        String result = expr;
        for (String name : variables.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            result = result.replace("$" + name, variables.get(name));
        }
        return result;
    }

    private List<DashboardPicture.Series> range(String expr, String legendFormat, double start, double end) throws IOException {
        String path = "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + end + "&step=1";
        HttpResponse<String> response = get(path);
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException(expr + " answered " + response.statusCode() + ": " + response.body());
        }
        List<DashboardPicture.Series> series = new ArrayList<>();
        for (JsonNode result : body.path("data").path("result")) {
            List<double[]> points = new ArrayList<>();
            result.path("values").forEach(v -> points.add(new double[] {v.get(0).asDouble() - start, number(v.get(1).asText())}));
            String legend = LEGEND_LABEL.matcher(legendFormat)
                    .replaceAll(m -> Matcher.quoteReplacement(result.path("metric").path(m.group(1)).asText()));
            series.add(new DashboardPicture.Series(legend, points));
        }
        return series;
    }

    /** Prometheus writes infinities as +Inf and -Inf, which Java does not parse. */
    private static double number(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(prometheus.resolve(path)).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking prometheus for " + path, e);
        }
    }
}
