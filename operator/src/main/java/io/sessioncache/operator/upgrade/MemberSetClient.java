package io.sessioncache.operator.upgrade;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;

/**
 * The operator's own client of one member set, for the copy: it knows the set's members by address (both sets share
 * the cluster name, so only the addresses tell them apart) and gives up on a set that stops answering instead of
 * waiting for it forever, so a copy fails and says so.
 */
public final class MemberSetClient {

    /** How long a client keeps trying a set it lost before the copy fails. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    private MemberSetClient() {
    }

    /** @param addresses {@code host:port} of the set's members */
    public static HazelcastInstance connect(String clusterName, List<String> addresses, String instanceName) {
        ClientConfig config = new ClientConfig().setClusterName(clusterName).setInstanceName(instanceName);
        addresses.forEach(config.getNetworkConfig()::addAddress);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(GIVE_UP_AFTER.toMillis());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.client.statistics.enabled", "false");
        return HazelcastClient.newHazelcastClient(config);
    }
}
