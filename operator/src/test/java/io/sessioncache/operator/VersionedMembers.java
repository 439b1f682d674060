package io.sessioncache.operator;

import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.operator.roll.HttpMemberHealthProbe;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hazelcast members of a chosen version, each in a JVM of its own on 127.0.0.1 (the build copies the versions' jars to
 * {@code target/hazelcast-versions}). Members join the ports they are given: several calls with disjoint port lists make
 * separate clusters, even under one cluster name. Closing stops every member started.
 */
public final class VersionedMembers implements AutoCloseable {

    private static final Path JARS = Path.of("target", "hazelcast-versions");
    private static final String[] JVM_FLAGS = System.getProperty("hazelcast.jvm.args", "").isBlank()
            ? new String[0] : System.getProperty("hazelcast.jvm.args").split(" ");

    private final Path dir;
    private final String clusterName;
    private final String moreConfig;
    private final List<GuardedProcess> started = new ArrayList<>();
    private String heap = "256m";

    public VersionedMembers(Path dir, String clusterName) {
        this(dir, clusterName, "");
    }

    /** @param moreConfig YAML added under {@code hazelcast:}, indented by two spaces (e.g. a serialization section) */
    public VersionedMembers(Path dir, String clusterName, String moreConfig) {
        this.dir = dir;
        this.clusterName = clusterName;
        this.moreConfig = moreConfig;
    }

    /** Members started from now on get this maximum heap (256m unless set). */
    public VersionedMembers heap(String maximum) {
        this.heap = maximum;
        return this;
    }

    /** Starts a member of {@code version} on {@code port}, joining the members on {@code memberPorts}. */
    public GuardedProcess start(String version, int port, int... memberPorts) throws IOException {
        return start(version, List.of(), port, memberPorts);
    }

    /** As {@link #start(String, int, int...)}, with {@code extraClasspath} (jars or class directories) on the member's classpath. */
    public GuardedProcess start(String version, List<Path> extraClasspath, int port, int... memberPorts) throws IOException {
        Path config = dir.resolve("member-" + port + ".yaml");
        String members = Arrays.stream(memberPorts).mapToObj(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        Files.writeString(config, """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.phone.home.enabled: "false"
                  network:
                    port: {port: %d, auto-increment: false}
                    rest-api: {enabled: true, endpoint-groups: {HEALTH_CHECK: {enabled: true}}}
                    join:
                      auto-detection: {enabled: false}
                      multicast: {enabled: false}
                      tcp-ip: {enabled: true, member-list: [%s]}
                """.formatted(clusterName, port, members) + moreConfig);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        command.addAll(List.of(JVM_FLAGS));
        command.addAll(List.of("-Dhazelcast.config=" + config, "-Dhazelcast.local.localAddress=127.0.0.1",
                "-Dhazelcast.socket.bind.any=false",
                "-cp", classpath(version, extraClasspath),
                "com.hazelcast.core.server.HazelcastMemberStarter"));
        GuardedProcess member = GuardedProcess.start("hazelcast-" + version, command, Map.of(), dir, dir.resolve("member-" + port + ".log"));
        started.add(member);
        return member;
    }

    /** The jar or class directory a class was loaded from, to put this project's member-side classes on a member. */
    public static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String classpath(String version, List<Path> extra) {
        List<String> entries = new ArrayList<>(List.of(JARS.resolve("hazelcast-" + version + ".jar").toAbsolutePath().toString()));
        extra.forEach(entry -> entries.add(entry.toAbsolutePath().toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The cluster size the member on {@code port} reports, or -1 while it does not answer. */
    public static int clusterSize(int port) {
        var health = new HttpMemberHealthProbe(port).probe(List.of("127.0.0.1")).get("127.0.0.1");
        return health.reachable() ? health.clusterSize() : -1;
    }

    @Override
    public void close() {
        started.forEach(GuardedProcess::close);
    }
}
