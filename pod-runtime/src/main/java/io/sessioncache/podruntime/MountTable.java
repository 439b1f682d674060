package io.sessioncache.podruntime;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each path a container sees lives on this machine: a mount path maps to its materialized directory. Paths in
 * environment values and JVM options are rewritten through it, the longest mount path first.
 */
public final class MountTable {

    private static final Pattern PATH_TOKEN = Pattern.compile("(^|[\\s=:,])(/[^\\s=:,]*)");

    private final Map<String, Path> mounts;

    public MountTable(Map<String, Path> mounts) {
        Map<String, Path> sorted = new LinkedHashMap<>();
        mounts.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Path> e) -> e.getKey().length()).reversed())
                .forEach(e -> sorted.put(trimSlash(e.getKey()), e.getValue()));
        this.mounts = sorted;
    }

    public Map<String, Path> mounts() {
        return mounts;
    }

    /** The host path of a container path, when it is under a mount. */
    public Optional<Path> resolve(String containerPath) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String prefix = mount.getKey();
            if (containerPath.equals(prefix)) {
                return Optional.of(mount.getValue());
            }
            if (containerPath.startsWith(prefix + "/")) {
                return Optional.of(mount.getValue().resolve(containerPath.substring(prefix.length() + 1)));
            }
        }
        return Optional.empty();
    }

    /** {@code value} with every absolute path under a mount replaced by its host path; other text unchanged. */
    public String rewrite(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = PATH_TOKEN.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = resolve(matcher.group(2)).map(Path::toString).orElse(matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
