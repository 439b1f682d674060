package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGSTOP / SIGCONT on a real process that appends a line every 50 ms. */
class ProcessFreezerTest {

    @Test
    void aFrozenProcessMakesNoProgressUntilThawed(@TempDir Path dir) throws Exception {
        Path ticks = dir.resolve("ticks");
        Process ticker = new ProcessBuilder("bash", "-c", "while :; do echo tick >> '" + ticks + "'; sleep 0.05; done").start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ticks) && Files.size(ticks) > 0);

            ProcessFreezer.freeze(ticker.pid());
            await().atMost(Duration.ofSeconds(2)).until(() -> ProcessFreezer.frozen(ticker.pid()));
            Thread.sleep(200);
            long whileFrozen = Files.size(ticks);
            Thread.sleep(500);
            assertThat(Files.size(ticks)).as("lines written while frozen").isEqualTo(whileFrozen);

            ProcessFreezer.thaw(ticker.pid());
            await().atMost(Duration.ofSeconds(2)).until(() -> !ProcessFreezer.frozen(ticker.pid()));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(ticks) > whileFrozen);
            assertThat(ticker.isAlive()).isTrue();
        } finally {
            ticker.descendants().forEach(ProcessHandle::destroyForcibly);
            ticker.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneIsNotFrozen() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThat(ProcessFreezer.frozen(done.pid())).isFalse();
    }
}
