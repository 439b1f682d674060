package io.sessioncache.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.controlplane.DashboardPicture;
import io.sessioncache.controlplane.DashboardQueries;
import io.sessioncache.controlplane.DashboardQueries.AnsweredPanel;
import io.sessioncache.controlplane.DashboardQueries.Answer;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * What the chart's members dashboard (helm/sessioncache-operator/dashboards/sessioncache-members.json) must show, as
 * {@link DashboardQueries} answered it from a real Prometheus, after a client wrote, read and removed sessions on one
 * cluster, then kept doing so steadily for a while ({@link Load}), and another cluster's member evicted sessions. Panels are found by title; every series' legend starts with
 * its member pod's name.
 */
public final class MembersDashboardShows {

    private static final String SESSIONS = "Sessions (entries owned)";
    private static final String OPERATIONS = "Operations per second";
    private static final String LATENCY = "Mean latency on the member";
    private static final String HEAP = "Heap used";
    private static final String MIGRATIONS = "Migrations";
    private static final String EVICTED = "Sessions evicted";
    /** Two 2 s scrapes. */
    private static final double PRESENT = 4;

    private MembersDashboardShows() {
    }

    /**
     * A steady load, from {@code load.from()} to {@code load.to()} seconds after the answered range's start. The rates
     * and mean latencies are checked at the instants whose whole rate window lies inside it: there every window holds
     * a metrics collection with operations in it, whenever the load ran and whenever the queries run, so an instant
     * without a number there is the query's fault (a wrong metric or label, a rate of a gauge, a ratio that never has a
     * number), not the timing's. Before it, a burst of operations may have shown in no window at all.
     *
     * @param from seconds after the start when the load began
     * @param to seconds after the start when it ended
     * @param window the rate window the queries ran with, in seconds
     */
    public record Load(double from, double to, double window) {

        /** Whether the rate window ending at {@code seconds} lies inside the load. */
        boolean covers(double seconds) {
            return seconds - window >= from && seconds <= to;
        }
    }

    /**
     * @param seconds how long the answered range is
     * @param pods the written cluster's member pods (one of them was killed and came back, so migrations ran)
     * @param evictingPod the member that evicted sessions
     * @param sessions the sessions left in the written cluster
     * @param load the steady gets, writes and removes on the written cluster
     */
    public static void whatTheTestDid(List<AnsweredPanel> panels, double seconds, List<String> pods, String evictingPod, int sessions,
            Load load) {
        Map<String, AnsweredPanel> byTitle = panels.stream().collect(Collectors.toMap(AnsweredPanel::title, Function.identity()));
        assertThat(byTitle).as("panels of the members dashboard").containsOnlyKeys(SESSIONS, OPERATIONS, LATENCY, HEAP, MIGRATIONS, EVICTED);
        for (AnsweredPanel panel : panels) {
            assertThat(panel.answers()).as("queries of " + panel.title()).isNotEmpty().allSatisfy(answer -> {
                assertThat(answer.reaches(seconds - PRESENT)).as(answer.expr() + " answers up to the present").isTrue();
                assertThat(answer.finiteValues().count()).as(answer.expr() + " answers numbers").isPositive();
            });
        }

        // A killed member's old JVM left a line that stopped; its new one goes on to the present.
        double owned = byTitle.get(SESSIONS).answers().stream().flatMap(a -> of(a, pods).stream())
                .filter(s -> s.reaches(seconds - PRESENT)).mapToDouble(MembersDashboardShows::last).sum();
        assertThat(owned).as(SESSIONS + " over " + pods + " now").isEqualTo(sessions);
        assertThat(byTitle.get(OPERATIONS).answers()).as("every kind of operation shows while the load runs")
                .allSatisfy(answer -> assertThat(during(load, of(answer, pods)).filter(rate -> rate > 0).count())
                        .as(answer.expr() + " above 0 at an instant inside the load").isPositive());
        assertThat(byTitle.get(LATENCY).answers()).as("a mean latency for every kind of operation while the load runs")
                .allSatisfy(answer -> assertThat(during(load, of(answer, pods)).filter(mean -> mean >= 0).count())
                        .as(answer.expr() + " a number at an instant inside the load").isPositive());
        assertThat(byTitle.get(HEAP).answers()).allSatisfy(answer -> assertThat(answer.finiteValues().boxed().toList())
                .as(answer.expr()).allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0)));
        assertThat(byTitle.get(MIGRATIONS).answers().stream().flatMapToDouble(Answer::finiteValues).max().orElse(0))
                .as("migrations once the killed member came back").isPositive();
        List<DashboardPicture.Series> evicted = byTitle.get(EVICTED).answers().stream().flatMap(a -> a.series().stream()).toList();
        assertThat(max(of(evicted, List.of(evictingPod)))).as(EVICTED + " by " + evictingPod).isPositive();
        assertThat(max(of(evicted, pods))).as(EVICTED + " by " + pods).isZero();
    }

    /**
     * For the test's output: for each query of the operations and latency panels, at how many of the instants inside
     * the load some member had a number, and the least and most of those numbers.
     */
    public static String duringLoad(List<AnsweredPanel> panels, List<String> pods, Load load) {
        StringBuilder text = new StringBuilder();
        for (AnsweredPanel panel : panels) {
            if (panel.title().equals(OPERATIONS) || panel.title().equals(LATENCY)) {
                for (Answer answer : panel.answers()) {
                    List<double[]> inside = pointsInside(load, of(answer, pods)).toList();
                    DoubleSummaryStatistics numbers = inside.stream().mapToDouble(p -> p[1]).filter(Double::isFinite).summaryStatistics();
                    text.append("%s %s: a number at %d of %d instants inside the load, %.3f to %.3f%n".formatted(panel.title(),
                            answer.series().isEmpty() ? answer.expr() : answer.series().get(0).legend().replaceFirst("^\\S+ ", ""),
                            inside.stream().filter(p -> Double.isFinite(p[1])).mapToDouble(p -> p[0]).distinct().count(),
                            inside.stream().mapToDouble(p -> p[0]).distinct().count(), numbers.getMin(), numbers.getMax()));
                }
            }
        }
        return text.toString();
    }

    /** The numbers the series have at instants whose rate window lies inside the load. */
    private static DoubleStream during(Load load, List<DashboardPicture.Series> series) {
        return pointsInside(load, series).mapToDouble(p -> p[1]).filter(Double::isFinite);
    }

    /** The series' points, numbers or not, at instants whose rate window lies inside the load. */
    private static Stream<double[]> pointsInside(Load load, List<DashboardPicture.Series> series) {
        return series.stream().flatMap(s -> s.points().stream()).filter(p -> load.covers(p[0]));
    }

    private static List<DashboardPicture.Series> of(Answer answer, List<String> pods) {
        return of(answer.series(), pods);
    }

    private static List<DashboardPicture.Series> of(List<DashboardPicture.Series> series, List<String> pods) {
        return series.stream().filter(s -> pods.contains(s.legend().split(" ")[0])).toList();
    }

    /** The largest number in the series; 0 when they have none. */
    private static double max(List<DashboardPicture.Series> series) {
        return series.stream().flatMapToDouble(DashboardPicture.Series::finiteValues).max().orElse(0);
    }

    private static double last(DashboardPicture.Series series) {
        return series.points().get(series.points().size() - 1)[1];
    }
}
