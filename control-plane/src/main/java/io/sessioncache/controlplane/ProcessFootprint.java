package io.sessioncache.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a process costs the machine, read from /proc: resident memory (VmRSS), threads and CPU time (user + system).
 *
 * @param rssKiB resident set size in KiB
 * @param threads threads of the process
 * @param cpuMillis CPU time used since the process started, in ms
 */
public record ProcessFootprint(long rssKiB, long threads, long cpuMillis) {

    /** Linux reports utime and stime in clock ticks of USER_HZ, which is 100 on every architecture Java runs on. */
    private static final long MILLIS_PER_TICK = 10;

    public static ProcessFootprint of(long pid) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        try {
            List<String> status = Files.readAllLines(proc.resolve("status"));
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new ProcessFootprint(number(status, "VmRSS:", pid), number(status, "Threads:", pid), ticks * MILLIS_PER_TICK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc of pid " + pid, e);
        }
    }

    /** The number on the status line that starts with {@code field} ("VmRSS:   123 kB"). */
    private static long number(List<String> status, String field, long pid) {
        return status.stream().filter(l -> l.startsWith(field))
                .mapToLong(l -> Long.parseLong(l.substring(field.length()).replaceAll("\\D", "")))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + field + " in /proc/" + pid + "/status"));
    }
}
