package io.sessioncache.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerdictCacheTest {

    private final AtomicInteger checks = new AtomicInteger();

    private String check(String answer) {
        checks.incrementAndGet();
        return answer;
    }

    @Test
    void checksEachDistinctContentOnce() {
        VerdictCache<String> cache = new VerdictCache<>(10);

        assertThat(cache.verdict(() -> check("fine"), "hazelcast: {}", "client: {}")).isEqualTo("fine");
        assertThat(cache.verdict(() -> check("not asked"), "hazelcast: {}", "client: {}")).isEqualTo("fine");
        assertThat(checks).hasValue(1);

        // Another config, or the same texts as another pair, is another question.
        assertThat(cache.verdict(() -> check("refused"), "hazelcast: {cluster-name: other}", "client: {}")).isEqualTo("refused");
        assertThat(cache.verdict(() -> check("swapped"), "client: {}", "hazelcast: {}")).isEqualTo("swapped");
        assertThat(checks).hasValue(3);
    }

    @Test
    void keepsOnlyTheMostRecentlyUsedVerdicts() {
        VerdictCache<String> cache = new VerdictCache<>(2);
        cache.verdict(() -> check("a"), "a");
        cache.verdict(() -> check("b"), "b");
        cache.verdict(() -> check("a again"), "a");
        cache.verdict(() -> check("c"), "c");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.verdict(() -> check("a kept"), "a")).isEqualTo("a");
        assertThat(cache.verdict(() -> check("b asked again"), "b")).isEqualTo("b asked again");
        assertThat(checks).hasValue(4);
    }
}
