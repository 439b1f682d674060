package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PodWaitBackoffTest {

    @Test
    void aYoungWaitIsLookedAtEveryHalfSecond() {
        assertThat(PodWaitBackoff.after(Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(PodWaitBackoff.after(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aLongerWaitIsLookedAtAfterATenthOfItsAge() {
        assertThat(PodWaitBackoff.after(Duration.ofSeconds(8))).isEqualTo(Duration.ofMillis(800));
        assertThat(PodWaitBackoff.after(Duration.ofSeconds(42))).isEqualTo(Duration.ofMillis(4200));
    }

    @Test
    void noWaitIsLookedAtLessOftenThanEveryFiveSeconds() {
        assertThat(PodWaitBackoff.after(Duration.ofSeconds(50))).isEqualTo(Duration.ofSeconds(5));
        assertThat(PodWaitBackoff.after(Duration.ofDays(3))).isEqualTo(Duration.ofSeconds(5));
    }
}
