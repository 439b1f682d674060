package io.sessioncache.installation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One container started with `docker run -d`, removed (with its logs kept under target/) when closed. */
final class TestContainer implements AutoCloseable {

    private static final String LABEL = "io.sessioncache.test=installation-tests";

    private final String name;

    private TestContainer(String name) {
        this.name = name;
    }

    /** {@code docker run -d --name <prefix>-<random> <options...> <image>}. */
    static TestContainer run(String prefix, String image, List<String> options) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", name, "--label", LABEL));
        args.addAll(options);
        args.add(image);
        DockerCli.Result started = DockerCli.run(Duration.ofMinutes(1), args);
        if (!started.ok()) {
            DockerCli.run("rm", "--force", name);
            throw new IllegalStateException("docker run " + image + " failed: " + started.err().strip());
        }
        return new TestContainer(name);
    }

    String name() {
        return name;
    }

    String logs() {
        DockerCli.Result logs = DockerCli.run("logs", name);
        return logs.out() + logs.err();
    }

    String inspect(String format) {
        return DockerCli.check("inspect", "--format", format, name);
    }

    /** The container's first process as the host sees it. */
    long hostPid() {
        return Long.parseLong(inspect("{{.State.Pid}}"));
    }

    /** `docker stop --time <grace>`: SIGTERM, then SIGKILL after the grace period; returns how long it took. */
    Duration stop(Duration grace) {
        long start = System.nanoTime();
        DockerCli.check("stop", "--time", String.valueOf(grace.toSeconds()), name);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    int exitCode() {
        return Integer.parseInt(inspect("{{.State.ExitCode}}"));
    }

    @Override
    public void close() {
        try {
            Path log = Path.of("target", "container-logs", name + ".log");
            Files.createDirectories(log.getParent());
            Files.writeString(log, logs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DockerCli.run("rm", "--force", name);
        }
    }
}
