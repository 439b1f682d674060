package io.sessioncache.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's own check must catch a lost session and a stale one, or its "zero lost" means nothing. */
class SessionLoadTest {

    private HazelcastInstance member;
    private IMap<String, byte[]> sessions;

    @BeforeEach
    void startMember() {
        Config config = new Config().setClusterName("load-" + UUID.randomUUID());
        config.getNetworkConfig().setPort(5701 + (int) (Math.random() * 200)).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        member = Hazelcast.newHazelcastInstance(config);
        sessions = member.getMap("sessions");
    }

    @AfterEach
    void stopMember() {
        member.shutdown();
    }

    @Test
    void untouchedSessionsVerifyClean() throws InterruptedException {
        SessionLoad load = new SessionLoad(sessions, 2_000, 64);
        load.populate();
        load.start(2);
        Thread.sleep(500);
        SessionLoad.LoadReport report = load.stop();

        SessionLoad.Verification verification = load.verify();

        assertThat(verification.lost()).isZero();
        assertThat(verification.stale()).isZero();
        assertThat(report.errors()).isZero();
        assertThat(report.latency().operations()).isPositive();
    }

    @Test
    void aMissingSessionIsLostAndAnOlderValueIsStale() {
        SessionLoad load = new SessionLoad(sessions, 100, 64);
        load.populate();
        sessions.delete(SessionLoad.key(7));
        sessions.set(SessionLoad.key(9), ByteBuffer.allocate(64).putLong(0).array());

        SessionLoad.Verification verification = load.verify();

        assertThat(verification.lost()).isEqualTo(1);
        assertThat(verification.stale()).isEqualTo(1);
        assertThat(verification.examples()).anySatisfy(e -> assertThat(e).contains("session-7 missing"));
    }
}
