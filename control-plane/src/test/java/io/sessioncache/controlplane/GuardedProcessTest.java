package io.sessioncache.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardedProcessTest {

    @Test
    void whatOutlivedItsGuardIsStoppedWithTheGroup(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        // A container whose main process started a child of its own, as a member's start script starts its JVM.
        GuardedProcess container = GuardedProcess.start("container",
                List.of("bash", "-c", "sleep 300 & echo $! > " + pidFile + "; wait"), Map.of(), dir, dir.resolve("log"));
        ProcessHandle grandchild = awaitPid(pidFile);
        try {
            ProcessHandle guard = ProcessHandle.of(container.childPid()).flatMap(ProcessHandle::parent).orElseThrow();

            // Only the guard dies, as when a wrapper is killed: its descendants live on, reparented.
            guard.destroyForcibly();
            guard.onExit().get(10, TimeUnit.SECONDS);
            assertThat(grandchild.isAlive()).as("the orphan still runs").isTrue();

            container.stop(Duration.ofSeconds(5));

            assertThat(grandchild.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join())
                    .as("the orphan was stopped").isNotNull();
        } finally {
            grandchild.destroyForcibly();
        }
    }

    private static ProcessHandle awaitPid(Path pidFile) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
                Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
                if (handle.isPresent()) {
                    return handle.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no pid in " + pidFile + " after 10 s");
    }
}
