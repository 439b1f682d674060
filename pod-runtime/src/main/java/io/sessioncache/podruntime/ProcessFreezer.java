package io.sessioncache.podruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Suspends and resumes a process with SIGSTOP / SIGCONT, the way a long GC pause or a starved CPU looks from outside:
 * the process keeps its sockets (connections are still accepted by the kernel) but answers nothing.
 */
final class ProcessFreezer {

    private ProcessFreezer() {
    }

    static void freeze(long pid) {
        signal("STOP", pid);
    }

    static void thaw(long pid) {
        signal("CONT", pid);
    }

    /** True while the process is stopped by a signal (state T in /proc/PID/stat). */
    static boolean frozen(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            // "pid (command) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java has no API for SIGSTOP / SIGCONT; kill(1) sends them. */
    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not return");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
