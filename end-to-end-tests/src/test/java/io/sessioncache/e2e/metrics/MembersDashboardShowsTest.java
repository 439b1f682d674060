package io.sessioncache.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessioncache.controlplane.DashboardPicture.Series;
import io.sessioncache.controlplane.DashboardQueries.Answer;
import io.sessioncache.controlplane.DashboardQueries.AnsweredPanel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The members dashboard's check must tell a query that shows the steady load from one that only had a number at some
 * other time (a burst before the first sample, or nothing at all): the rates and mean latencies count only at instants
 * whose rate window lies inside the load.
 */
class MembersDashboardShowsTest {

    private static final double SECONDS = 60;
    private static final List<String> PODS = List.of("scraped-0", "scraped-1", "scraped-2");
    private static final String EVICTING = "evicting-0";
    private static final int SESSIONS = 1_000;
    /** The load runs from 30 s to 52 s; with a 10 s window, instants 40 s to 52 s lie inside it. */
    private static final MembersDashboardShows.Load LOAD = new MembersDashboardShows.Load(30, 52, 10);

    @Test
    void acceptsRatesAndMeanLatenciesThatShowTheLoad() {
        assertThatCode(() -> check(duringLoad(2.5), duringLoad(0.4))).doesNotThrowAnyException();
    }

    @Test
    void refusesAMeanLatencyThatHasNoNumberAtAll() {
        assertThatThrownBy(() -> check(duringLoad(2.5), t -> Double.NaN)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("answers numbers");
    }

    @Test
    void refusesAMeanLatencyWithNumbersOnlyBeforeTheLoad() {
        DoubleUnaryOperator burstAtTen = t -> t >= 10 && t <= 20 ? 0.4 : Double.NaN;

        assertThatThrownBy(() -> check(duringLoad(2.5), burstAtTen)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("a number at an instant inside the load");
    }

    @Test
    void refusesARateThatStaysAtZeroThroughTheLoad() {
        DoubleUnaryOperator burstAtTen = t -> t >= 10 && t <= 20 ? 2.5 : 0;

        assertThatThrownBy(() -> check(burstAtTen, duringLoad(0.4))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("above 0 at an instant inside the load");
    }

    /** Positive from 30 s (the load's start) to 62 s (its end plus a window), 0 or 0/0 elsewhere as Prometheus answers. */
    private static DoubleUnaryOperator duringLoad(double value) {
        return t -> t >= 30 && t <= 62 ? value : Double.NaN;
    }

    /** Every panel as a correct dashboard answers, with the rates and latencies over time as given. */
    private static void check(DoubleUnaryOperator rate, DoubleUnaryOperator latency) {
        DoubleUnaryOperator none = t -> Double.NaN;
        DoubleUnaryOperator zero = t -> 0;
        DoubleUnaryOperator migrating = t -> t > 20 && t < 30 ? 4 : 0;
        List<AnsweredPanel> panels = List.of(
                panel("Sessions (entries owned)", 1, t -> SESSIONS / 3.0, t -> 271),
                panel("Operations per second", 3, t -> Double.isNaN(rate.applyAsDouble(t)) ? 0 : rate.applyAsDouble(t), zero),
                panel("Mean latency on the member", 2, latency, none),
                panel("Heap used", 1, t -> 0.3, t -> 0.3),
                panel("Migrations", 2, migrating, zero),
                panel("Sessions evicted", 1, zero, t -> 700));
        MembersDashboardShows.whatTheTestDid(panels, SECONDS, PODS, EVICTING, SESSIONS, LOAD);
    }

    /** {@code queries} answers, each with a series per written member and one for the evicting member. */
    private static AnsweredPanel panel(String title, int queries, DoubleUnaryOperator written, DoubleUnaryOperator evicting) {
        List<Answer> answers = new ArrayList<>();
        for (int query = 0; query < queries; query++) {
            List<Series> series = new ArrayList<>();
            PODS.forEach(pod -> series.add(series(pod, written)));
            series.add(series(EVICTING, evicting));
            answers.add(new Answer(title + " " + query, series));
        }
        return new AnsweredPanel(title, "short", answers);
    }

    private static Series series(String pod, DoubleUnaryOperator values) {
        List<double[]> points = new ArrayList<>();
        for (int t = 0; t <= SECONDS; t++) {
            points.add(new double[] {t, values.applyAsDouble(t)});
        }
        return new Series(pod + " line", points);
    }
}
