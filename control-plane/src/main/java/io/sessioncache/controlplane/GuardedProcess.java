package io.sessioncache.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child process that cannot outlive this JVM. It runs under a small bash guard that polls this JVM's pid every
 * second and stops the child when the JVM is gone, so even a SIGKILLed test run leaves nothing behind. The guard
 * starts a process group of its own ({@code setsid}), which everything it starts inherits: {@link #killGroup()}
 * reaches the child and its children even after the guard itself died, as a kubelet reaches a container's cgroup.
 */
public final class GuardedProcess implements AutoCloseable {

    private static final String GUARD = """
            parent=$1; shift
            "$@" &
            child=$!
            trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT
            while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done
            if kill -0 "$child" 2>/dev/null; then kill -TERM "$child"; sleep 5; kill -KILL "$child" 2>/dev/null; fi
            wait $child
            """;

    private final String name;
    private final Process process;
    private final Path log;

    private GuardedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with its output appended to {@code log}. */
    public static GuardedProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        List<String> guarded = new ArrayList<>(List.of("setsid", "bash", "-c", GUARD, "guard",
                String.valueOf(ProcessHandle.current().pid())));
        guarded.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(guarded)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return new GuardedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The pid of the real child (not its guard, nor the guard's polling sleep), or -1 when it is gone. */
    public long childPid() {
        // The guard starts the child first and a polling sleep each second after; a sleep caught between fork and exec
        // still looks like bash, but it started later than the child.
        return process.children()
                .filter(child -> !child.info().command().orElse("").endsWith("sleep"))
                .min(Comparator.comparing((ProcessHandle child) -> child.info().startInstant().orElse(Instant.MAX))
                        .thenComparingLong(ProcessHandle::pid))
                .map(ProcessHandle::pid).orElse(-1L);
    }

    /** The child's exit status once it ended: the guard exits with it (137 after SIGKILL, 143 after SIGTERM). */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** SIGTERM, then SIGKILL to the whole tree after {@code grace}; whatever is left of the group goes too. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            killGroup();
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        killGroup();
    }

    /**
     * SIGKILL to every process left in the guard's group: what outlived a guard that died (a member JVM still holding
     * its port) cannot hold on to anything a restart needs.
     */
    public void killGroup() {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal the process group of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return name + " (log " + log + ")";
    }
}
