package io.sessioncache.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Resident memory of the member processes, from /proc/<pid>/status (VmRSS). */
public record MemberMemory(List<Long> rssBytes) {

    public static MemberMemory of(List<Long> pids) {
        return new MemberMemory(pids.stream().map(MemberMemory::rssOf).filter(b -> b > 0).toList());
    }

    public long totalBytes() {
        return rssBytes.stream().mapToLong(Long::longValue).sum();
    }

    public String describe() {
        return rssBytes.stream().map(b -> b / (1024 * 1024) + " MiB").collect(Collectors.joining(" + "))
                + " = " + totalBytes() / (1024 * 1024) + " MiB for " + rssBytes.size() + " members";
    }

    static long rssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
