package io.sessioncache.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root, found from the sessioncache.repository.root property or by walking up from the working directory. */
public final class RepositoryRoot {

    public static final String PROPERTY = "sessioncache.repository.root";

    private RepositoryRoot() {
    }

    public static Path find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (set -D" + PROPERTY + ")");
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve(KubeBinaries.SCRIPT)) && Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
