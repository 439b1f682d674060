package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.HazelcastConfigCheck;
import io.sessioncache.operator.model.MemberConfigYaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe against a real member started from the rendered config (its REST health endpoints included). */
class HttpMemberHealthProbeTest {

    @Test
    void readsTheHealthOfARealMemberAndMarksSilentOnesUnreachable() {
        int port = TestPorts.free();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(port));
        try {
            Map<String, MemberHealth> health = new HttpMemberHealthProbe(port).probe(List.of("127.0.0.1", "127.0.0.2"));

            MemberHealth live = health.get("127.0.0.1");
            assertThat(live.reachable()).isTrue();
            assertThat(live.nodeState()).isEqualTo("ACTIVE");
            assertThat(live.clusterSize()).isEqualTo(1);
            assertThat(live.migrationQueueSize()).isZero();
            assertThat(live.safe()).isTrue();
            assertThat(health.get("127.0.0.2")).isEqualTo(MemberHealth.UNREACHABLE);
        } finally {
            member.shutdown();
        }
    }

    private static Config memberConfig(int port) {
        SessionCluster cluster = SessionClusters.named("probe-" + port);
        Config config = HazelcastConfigCheck.parseMember(MemberConfigYaml.render(cluster));
        config.setInstanceName("probe-" + port);
        config.getNetworkConfig().setPort(port);
        config.getNetworkConfig().getJoin().getKubernetesConfig().setEnabled(false);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        return config;
    }

}
