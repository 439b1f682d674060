package io.sessioncache.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the control-plane binaries, building them from Go modules on first use through
 * {@code control-plane/build-binaries.sh} (which honours SESSIONCACHE_KUBE_BINARIES for binaries installed otherwise).
 */
public record KubeBinaries(Path dir) {

    public static final String SCRIPT = "control-plane/build-binaries.sh";
    private static final long BUILD_TIMEOUT_MINUTES = 60;

    public static KubeBinaries locate(Path repositoryRoot) {
        Path script = repositoryRoot.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("missing " + script);
        }
        try {
            Process build = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!build.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " failed; its messages above say what is missing");
            }
            List<String> lines = out.lines().toList();
            KubeBinaries binaries = new KubeBinaries(Path.of(lines.get(lines.size() - 1)));
            binaries.require("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");
            return binaries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the control-plane binaries", e);
        }
    }

    public Path etcd() {
        return dir.resolve("etcd");
    }

    public Path apiServer() {
        return dir.resolve("kube-apiserver");
    }

    public Path controllerManager() {
        return dir.resolve("kube-controller-manager");
    }

    public Path scheduler() {
        return dir.resolve("kube-scheduler");
    }

    public Path kubectl() {
        return dir.resolve("kubectl");
    }

    public boolean hasScheduler() {
        return Files.isExecutable(scheduler());
    }

    private void require(String... names) {
        for (String name : names) {
            if (!Files.isExecutable(dir.resolve(name))) {
                throw new IllegalStateException(dir + " has no executable " + name);
            }
        }
    }
}
