package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberCommandTest {

    private static final MemberImage IMAGE = new MemberImage(Path.of("/m2/hazelcast-5.7.0.jar"),
            Path.of("/m2/jmx_prometheus_javaagent-1.0.1.jar"), Path.of("/pod/image/config/jmx_agent_config.yaml"));

    private final MountTable mounts = new MountTable(Map.of("/data/hazelcast", Path.of("/pod/config"), "/tmp", Path.of("/pod/tmp")));
    private final Container member = new ContainerBuilder().withName("hazelcast").withImage("hazelcast/hazelcast:5.7.0")
            .withNewResources().withLimits(Map.of("memory", new Quantity("512Mi"))).endResources().build();

    @Test
    void runsTheMemberStarterWithTheLimitAsRamOnThePodIp() {
        List<String> command = MemberCommand.build(member,
                Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError", "HAZELCAST_CONFIG", "/pod/config/hazelcast.yaml"),
                mounts, Path.of("/jdk/bin/java"), IMAGE, "127.0.0.5", Path.of("/rt/hosts"));

        assertThat(command.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(command).contains("-XX:MaxRAM=536870912", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError",
                "-Dhazelcast.config=/pod/config/hazelcast.yaml", "-Dhazelcast.local.localAddress=127.0.0.5",
                "-Dhazelcast.socket.bind.any=false", "-Djdk.net.hosts.file=/rt/hosts", "-Djava.io.tmpdir=/pod/tmp",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("-cp", "/m2/hazelcast-5.7.0.jar", MemberCommand.MAIN_CLASS);
        assertThat(command.indexOf("-XX:MaxRAM=536870912")).isLessThan(command.indexOf("-XX:MaxRAMPercentage=75.0"));
    }

    @Test
    void classpathEnvironmentFollowsTheMemberJarAsTheImageAppendsIt() {
        List<String> command = MemberCommand.build(member, Map.of("CLASSPATH", "/pod/ext/image/*:/pod/ext/config-map/*"),
                mounts, Path.of("java"), IMAGE, "127.0.0.5", Path.of("/rt/hosts"));

        assertThat(command.get(command.indexOf("-cp") + 1)).isEqualTo("/m2/hazelcast-5.7.0.jar:/pod/ext/image/*:/pod/ext/config-map/*");
    }

    @Test
    void anExplicitCommandRunsAsGivenWithMountedPathsRewritten() {
        Container custom = new ContainerBuilder(member).withCommand("/bin/sh", "-c").withArgs("cat /data/hazelcast/hazelcast.yaml").build();

        List<String> command = MemberCommand.build(custom, Map.of(), mounts, Path.of("java"), IMAGE, "127.0.0.2", Path.of("hosts"));

        assertThat(command).containsExactly("/bin/sh", "-c", "cat /pod/config/hazelcast.yaml");
    }

    @Test
    void prometheusPortStartsTheImagesJmxExporterOnThePodIpBeforeJavaOpts() {
        List<String> command = MemberCommand.build(member, Map.of("PROMETHEUS_PORT", "8080", "JAVA_OPTS", "-XX:MaxRAMPercentage=75.0"),
                mounts, Path.of("java"), IMAGE, "127.0.0.5", Path.of("/rt/hosts"));

        String agent = "-javaagent:/m2/jmx_prometheus_javaagent-1.0.1.jar=127.0.0.5:8080:/pod/image/config/jmx_agent_config.yaml";
        assertThat(command).contains(agent);
        assertThat(command.indexOf(agent)).isLessThan(command.indexOf("-XX:MaxRAMPercentage=75.0"));
    }

    @Test
    void noPrometheusPortNoExporter() {
        List<String> command = MemberCommand.build(member, Map.of("PROMETHEUS_PORT", " "), mounts, Path.of("java"), IMAGE,
                "127.0.0.5", Path.of("/rt/hosts"));

        assertThat(command).noneMatch(part -> part.startsWith("-javaagent"));
    }
}
