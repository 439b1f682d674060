package io.sessioncache.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.tools.attach.VirtualMachine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sessioncache.controlplane.GuardedProcess;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A Hazelcast member in a JVM of its own, started as its pod starts it: the hazelcast.yaml the operator renders, the
 * JAVA_OPTS of the StatefulSet's container and its memory limit as the JVM's RAM (what a container shows the JVM).
 * Only the network differs: a loopback port and a TCP/IP member list instead of Kubernetes discovery.
 */
final class MemberProcess implements AutoCloseable {

    private static final Path HAZELCAST_JAR = Path.of("target", "hazelcast-versions", "hazelcast-5.7.0.jar");
    private static final List<String> IMAGE_JVM_FLAGS = Arrays.stream(System.getProperty("hazelcast.jvm.args", "").split(" "))
            .filter(flag -> !flag.isBlank()).toList();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final GuardedProcess process;
    private final int port;
    private JMXConnector jmx;

    private MemberProcess(GuardedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param ports the member ports of the whole cluster, {@code port} among them */
    static MemberProcess start(SessionCluster cluster, int port, List<Integer> ports, Path dir) {
        return start(cluster, port, ports, dir, List.of());
    }

    /** @param testFlags JVM flags a test adds to the pod's, e.g. a Hazelcast property as a system property */
    static MemberProcess start(SessionCluster cluster, int port, List<Integer> ports, Path dir, List<String> testFlags) {
        Container container = MemberStatefulSet.build(cluster, "h").getSpec().getTemplate().getSpec().getContainers().get(0);
        Path config = dir.resolve("hazelcast-" + port + ".yaml");
        write(config, onLoopback(MemberConfigYaml.render(cluster), port, ports));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(IMAGE_JVM_FLAGS);
        Quantity memory = container.getResources().getLimits().get("memory");
        command.add("-XX:MaxRAM=" + Quantity.getAmountInBytes(memory).longValue());
        command.addAll(Arrays.asList(env(container, "JAVA_OPTS").trim().split("\\s+")));
        command.addAll(testFlags);
        command.addAll(List.of("-Dhazelcast.config=" + config, "-Dhazelcast.local.localAddress=127.0.0.1",
                "-Dhazelcast.socket.bind.any=false", "-cp", HAZELCAST_JAR.toAbsolutePath().toString(),
                "com.hazelcast.core.server.HazelcastMemberStarter"));
        return new MemberProcess(GuardedProcess.start("member-" + port, command, Map.of(), dir, dir.resolve("member-" + port + ".log")),
                port);
    }

    /**
     * A client from the published client config, pointed at these members. The published config never gives up on the
     * cluster; this one does after a minute, so a dead member ends a test.
     */
    static HazelcastInstance client(SessionCluster cluster, List<MemberProcess> members) {
        return HazelcastClient.newHazelcastClient(clientConfig(cluster, members));
    }

    /** As {@link #client}, with smart routing off: it talks to {@code member} only, which relays its operations. */
    static HazelcastInstance unisocketClient(SessionCluster cluster, MemberProcess member) {
        ClientConfig config = clientConfig(cluster, List.of(member));
        config.getNetworkConfig().setSmartRouting(false);
        return HazelcastClient.newHazelcastClient(config);
    }

    private static ClientConfig clientConfig(SessionCluster cluster, List<MemberProcess> members) {
        ClientConfig config = HazelcastConfigCheck.parseClient(ClientConfigYaml.render(cluster));
        config.getNetworkConfig().setAddresses(members.stream().map(MemberProcess::address).toList());
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
        config.setProperty("hazelcast.client.invocation.timeout.seconds", "30");
        return config;
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(process.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as the kubelet sends it: the member's shutdown hook runs its GRACEFUL shutdown. */
    void terminate() {
        new Thread(() -> process.stop(java.time.Duration.ofMinutes(10)), "terminate-" + port).start();
    }

    /** SIGSTOP: the member stops answering anyone, like a member in a long GC pause or starved of CPU. */
    void freeze() {
        signal("STOP");
    }

    /** SIGKILL: the member dies without warning, as on an OOM kill or a lost node; it says goodbye to nobody. */
    void kill() {
        signal("KILL");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.childPid())).start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " failed for " + process);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A metric of the named map as Hazelcast publishes it in its JMX Metrics MBeans (what Prometheus exporters read). */
    long mapMetric(String map, String metric) {
        try {
            MBeanServerConnection connection = jmx().getMBeanServerConnection();
            for (ObjectName name : connection.queryNames(new ObjectName("com.hazelcast:type=Metrics,prefix=map,*"), null)) {
                if (("\"name=" + map + "\"").equals(name.getKeyProperty("tag0")) && name.getKeyProperty("tag1") == null) {
                    return ((Number) connection.getAttribute(name, metric)).longValue();
                }
            }
            throw new IllegalStateException("no Metrics MBean for map " + map);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + metric + " of map " + map + " from " + process, e);
        }
    }

    /** The member's heap right after a full collection: what its live data takes. */
    MemoryUsage heapAfterGc() {
        try {
            MemoryMXBean memory = JMX.newMXBeanProxy(jmx().getMBeanServerConnection(),
                    new ObjectName("java.lang:type=Memory"), MemoryMXBean.class);
            memory.gc();
            return memory.getHeapMemoryUsage();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the heap of " + process, e);
        }
    }

    /** JMX through the attach API, so the member runs with no JMX flags beyond its pod's. */
    private JMXConnector jmx() throws Exception {
        if (jmx == null) {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.childPid()));
            try {
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
        }
        return jmx;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                thaw();
            }
        } catch (IllegalStateException | UncheckedIOException gone) {
            // it ended meanwhile
        }
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException ignored) {
            // the member may be gone already
        }
        process.close();
    }

    @SuppressWarnings("unchecked")
    private static String onLoopback(String renderedYaml, int port, List<Integer> ports) {
        try {
            Map<String, Object> tree = YAML.readValue(renderedYaml, Map.class);
            Map<String, Object> network = (Map<String, Object>) ((Map<String, Object>) tree.get("hazelcast")).get("network");
            network.put("port", Map.of("port", port, "auto-increment", false));
            Map<String, Object> join = new LinkedHashMap<>((Map<String, Object>) network.get("join"));
            join.put("kubernetes", Map.of("enabled", false));
            join.put("tcp-ip", Map.of("enabled", true, "member-list", ports.stream().map(p -> "127.0.0.1:" + p).toList()));
            network.put("join", join);
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " in the member container")).getValue();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
