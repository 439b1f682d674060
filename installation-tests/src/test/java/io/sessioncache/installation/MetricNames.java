package io.sessioncache.installation;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric names a PromQL expression selects, and the names the exporters are known to produce. Good enough for the
 * expressions of this project's rules and dashboards: strings, label matchers, ranges and label lists are dropped,
 * then every identifier that is not a function, keyword or Grafana variable is a metric name.
 */
final class MetricNames {

    /** Series Prometheus makes itself for every target. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$:.])([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private MetricNames() {
    }

    static SortedSet<String> in(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        SortedSet<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name.toLowerCase()) && !isFunctionCall(bare, m.end(1))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The operator's names (from a real scrape), the members' (monitoring/member-metrics.txt) and Prometheus' own. */
    static Set<String> known() {
        Set<String> known = new TreeSet<>(PROMETHEUS_OWN);
        known.addAll(list("operator-metrics.txt"));
        known.addAll(list("member-metrics.txt"));
        return known;
    }

    static Set<String> list(String file) {
        return Repository.read(Repository.monitoring().resolve(file)).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean isFunctionCall(String text, int end) {
        int i = end;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }
}
