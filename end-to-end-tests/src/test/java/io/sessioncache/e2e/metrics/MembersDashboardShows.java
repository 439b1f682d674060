package io.sessioncache.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.controlplane.DashboardPicture;
import io.sessioncache.controlplane.DashboardQueries;
import io.sessioncache.controlplane.DashboardQueries.AnsweredPanel;
import io.sessioncache.controlplane.DashboardQueries.Answer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the chart's members dashboard (helm/sessioncache-operator/dashboards/sessioncache-members.json) must show, as
 * {@link DashboardQueries} answered it from a real Prometheus, after a client wrote, read and removed sessions on one
 * cluster and another cluster's member evicted sessions. Panels are found by title; every series' legend starts with
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
     * @param seconds how long the answered range is
     * @param pods the written cluster's member pods (one of them was killed and came back, so migrations ran)
     * @param evictingPod the member that evicted sessions
     * @param sessions the sessions left in the written cluster
     */
    public static void whatTheTestDid(List<AnsweredPanel> panels, double seconds, List<String> pods, String evictingPod, int sessions) {
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
        assertThat(byTitle.get(OPERATIONS).answers()).as("every kind of operation the client did shows")
                .allSatisfy(answer -> assertThat(max(of(answer, pods))).as(answer.expr()).isPositive());
        assertThat(byTitle.get(LATENCY).answers()).as("a mean latency for every kind of operation")
                .allSatisfy(answer -> assertThat(of(answer, pods).stream().flatMapToDouble(DashboardPicture.Series::finiteValues).count())
                        .as(answer.expr()).isPositive());
        assertThat(byTitle.get(HEAP).answers()).allSatisfy(answer -> assertThat(answer.finiteValues().boxed().toList())
                .as(answer.expr()).allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0)));
        assertThat(byTitle.get(MIGRATIONS).answers().stream().flatMapToDouble(Answer::finiteValues).max().orElse(0))
                .as("migrations once the killed member came back").isPositive();
        List<DashboardPicture.Series> evicted = byTitle.get(EVICTED).answers().stream().flatMap(a -> a.series().stream()).toList();
        assertThat(max(of(evicted, List.of(evictingPod)))).as(EVICTED + " by " + evictingPod).isPositive();
        assertThat(max(of(evicted, pods))).as(EVICTED + " by " + pods).isZero();
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
