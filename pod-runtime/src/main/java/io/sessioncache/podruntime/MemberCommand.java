package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line that stands for a Hazelcast image's entrypoint: what the image's {@code hz start} runs, with the
 * container's memory limit as the JVM's RAM (so -XX:MaxRAMPercentage applies to it, as in a container), the pod IP as
 * the only address the member binds, the runtime's hosts file as name resolution, and {@code $CLASSPATH} (the image
 * appends it to the member's classpath) after the member jar. With {@code PROMETHEUS_PORT} set, the image's JMX exporter
 * runs as a Java agent, as the image's start script loads it, bound to the pod IP instead of every address.
 */
public final class MemberCommand {

    /** The flags the Hazelcast image gives its JVM on Java 17. */
    public static final List<String> HAZELCAST_JVM_FLAGS = List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
    public static final String MAIN_CLASS = "com.hazelcast.core.server.HazelcastMemberStarter";
    /** What makes the image start its JMX exporter, on that port. */
    public static final String PROMETHEUS_PORT = "PROMETHEUS_PORT";

    private MemberCommand() {
    }

    /**
     * @param env the container's environment, already resolved and rewritten to host paths
     */
    public static List<String> build(Container container, Map<String, String> env, MountTable mounts, Path java, MemberImage image,
                                     String podIp, Path hostsFile) {
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            return asGiven(container, mounts);
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(HAZELCAST_JVM_FLAGS);
        memoryLimitBytes(container).ifPresent(bytes -> command.add("-XX:MaxRAM=" + bytes));
        mounts.resolve("/tmp").ifPresent(tmp -> command.add("-Djava.io.tmpdir=" + tmp));
        String prometheusPort = env.get(PROMETHEUS_PORT);
        if (prometheusPort != null && !prometheusPort.isBlank()) {
            // Before JAVA_OPTS, where the image's start script puts it.
            command.add("-javaagent:" + image.exporterAgent() + "=" + podIp + ":" + prometheusPort.trim() + ":" + image.exporterConfig());
        }
        String javaOpts = env.get("JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        String config = env.get("HAZELCAST_CONFIG");
        if (config != null && !config.isBlank()) {
            command.add("-Dhazelcast.config=" + config);
        }
        command.add("-Dhazelcast.local.localAddress=" + podIp);
        command.add("-Dhazelcast.socket.bind.any=false");
        command.add("-Djdk.net.hosts.file=" + hostsFile);
        command.add("-cp");
        command.add(classpath(image.jar(), env.get("CLASSPATH")));
        command.add(MAIN_CLASS);
        argsOf(container).forEach(arg -> command.add(mounts.rewrite(arg)));
        return command;
    }

    /** A container's own command and arguments, each path under a mount rewritten to where it lives here. */
    public static List<String> asGiven(Container container, MountTable mounts) {
        List<String> command = new ArrayList<>();
        container.getCommand().forEach(part -> command.add(mounts.rewrite(part)));
        argsOf(container).forEach(part -> command.add(mounts.rewrite(part)));
        return command;
    }

    /** The image's own jars first, then {@code $CLASSPATH}, as the Hazelcast image's start script orders them. */
    static String classpath(Path jar, String extra) {
        return extra == null || extra.isBlank() ? jar.toString() : jar + java.io.File.pathSeparator + extra;
    }

    static java.util.OptionalLong memoryLimitBytes(Container container) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return java.util.OptionalLong.empty();
        }
        Quantity memory = container.getResources().getLimits().get("memory");
        return memory == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(Quantity.getAmountInBytes(memory).longValue());
    }

    private static List<String> argsOf(Container container) {
        return container.getArgs() == null ? List.of() : container.getArgs();
    }
}
