package io.sessioncache.operator;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text-format scrape, as a query would select them: by name and labels. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /**
     * The value of the one sample named {@code metric} whose labels include {@code labels} (an empty value asks for
     * the label to be empty or absent, as in PromQL); empty when there is none.
     */
    public static OptionalDouble value(String scrape, String metric, Map<String, String> labels) {
        Matcher sample = SAMPLE.matcher(scrape);
        OptionalDouble found = OptionalDouble.empty();
        while (sample.find()) {
            if (sample.group(1).equals(metric) && matches(labels(sample.group(2)), labels)) {
                if (found.isPresent()) {
                    throw new AssertionError("more than one " + metric + " sample matches " + labels + " in:\n" + scrape);
                }
                found = OptionalDouble.of(Double.parseDouble(sample.group(3)));
            }
        }
        return found;
    }

    /** How many samples named {@code metric} carry {@code labels}. */
    public static long count(String scrape, String metric, Map<String, String> labels) {
        Matcher sample = SAMPLE.matcher(scrape);
        long count = 0;
        while (sample.find()) {
            if (sample.group(1).equals(metric) && matches(labels(sample.group(2)), labels)) {
                count++;
            }
        }
        return count;
    }

    /** The names of the samples that start with {@code prefix}, as queries name them (with _total, _bucket...). */
    public static SortedSet<String> sampleNames(String scrape, String prefix) {
        SortedSet<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            if (sample.group(1).startsWith(prefix)) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    private static boolean matches(Map<String, String> actual, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(w -> w.getValue().equals(actual.getOrDefault(w.getKey(), "")));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new java.util.HashMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }
}
