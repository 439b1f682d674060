package io.sessioncache.operator;

import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClientConfigYaml;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Real Hazelcast members in this JVM, each loaded from the YAML the operator renders, and real clients loaded from
 * the published client YAML. Only the network is changed (loopback ports and TCP/IP join instead of Kubernetes
 * discovery), so every map, property and near-cache setting is the one a pod or an application would get.
 */
public final class RenderedMembers implements AutoCloseable {

    private final SessionCluster cluster;
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<HazelcastInstance> clients = new ArrayList<>();

    private RenderedMembers(SessionCluster cluster) {
        this.cluster = cluster;
    }

    public static RenderedMembers start(SessionCluster cluster, int count) {
        return start(cluster, count, config -> { });
    }

    /** @param adjust changes the parsed member config before start, e.g. to compare against Hazelcast's defaults */
    public static RenderedMembers start(SessionCluster cluster, int count, Consumer<Config> adjust) {
        RenderedMembers started = new RenderedMembers(cluster);
        try {
            started.startMembers(count, adjust);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    public List<HazelcastInstance> members() {
        return members;
    }

    /** A client started from the client configuration the operator publishes for this cluster. */
    public HazelcastInstance publishedClient() {
        return client(HazelcastConfigCheck.parseClient(ClientConfigYaml.render(cluster)));
    }

    /** A client from the given config, pointed at these members; shut down with them. */
    public HazelcastInstance client(ClientConfig config) {
        config.getNetworkConfig().setAddresses(members.stream().map(RenderedMembers::address).toList());
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(HazelcastInstance::shutdown);
        members.forEach(HazelcastInstance::shutdown);
    }

    private void startMembers(int count, Consumer<Config> adjust) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(TestPorts.free());
        }
        for (int port : ports) {
            Config config = LoopbackMemberConfig.of(MemberConfigYaml.render(cluster),
                    cluster.getMetadata().getName() + "-" + port, port, ports);
            adjust.accept(config);
            members.add(Hazelcast.newHazelcastInstance(config));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> members.get(0).getCluster().getMembers().size() == count);
    }

    private static String address(HazelcastInstance member) {
        var address = member.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }
}
