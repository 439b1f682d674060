package io.sessioncache.operator;

import com.hazelcast.config.Config;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import java.util.List;

/**
 * A rendered hazelcast.yaml, loaded with Hazelcast's parser, with only the network changed for one machine: a loopback
 * port and TCP/IP join instead of Kubernetes discovery. Every other setting is the one a pod would get.
 */
public final class LoopbackMemberConfig {

    private LoopbackMemberConfig() {
    }

    public static Config of(String memberYaml, String instanceName, int port, List<Integer> allPorts) {
        Config config = HazelcastConfigCheck.parseMember(memberYaml);
        config.setInstanceName(instanceName);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        var join = config.getNetworkConfig().getJoin();
        join.getKubernetesConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(allPorts.stream().map(p -> "127.0.0.1:" + p).toList());
        return config;
    }
}
