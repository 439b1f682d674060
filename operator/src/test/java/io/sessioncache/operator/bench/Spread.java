package io.sessioncache.operator.bench;

import java.util.List;
import java.util.function.LongFunction;

/** One figure over the repeats of a benchmark row: "median (min-max)". */
final class Spread {

    private Spread() {
    }

    static String of(List<Long> values, LongFunction<String> format) {
        List<Long> sorted = values.stream().sorted().toList();
        return format.apply(sorted.get(sorted.size() / 2)) + " (" + format.apply(sorted.get(0)) + "-"
                + format.apply(sorted.get(sorted.size() - 1)) + ")";
    }
}
