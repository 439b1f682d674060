package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.operator.RenderedMembers;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.MapEvictionSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import io.sessioncache.operator.api.v1alpha1.SessionMergePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real Hazelcast members and a real client, each loaded from the YAML the operator renders (see {@link RenderedMembers}).
 */
class RenderedConfigOnRealMembersTest {

    private final SessionCluster cluster = SessionClusters.named("it-" + UUID.randomUUID().toString().substring(0, 8));
    private RenderedMembers running;

    @AfterEach
    void shutdown() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void synchronousBackupsHoldACopyOfEverySessionOnTheOtherMember() {
        cluster.getSpec().getSessions().setBackupCount(1);
        List<HazelcastInstance> members = startMembers(2);
        IMap<String, String> sessions = members.get(0).getMap("sessions");

        for (int i = 0; i < 500; i++) {
            sessions.put("session-" + i, "data-" + i);
        }

        long owned = members.stream().mapToLong(m -> m.getMap("sessions").getLocalMapStats().getOwnedEntryCount()).sum();
        long backups = members.stream().mapToLong(m -> m.getMap("sessions").getLocalMapStats().getBackupEntryCount()).sum();
        assertThat(owned).isEqualTo(500);
        assertThat(backups).isEqualTo(500);
        assertThat(members.get(0).getConfig().getMapConfig("sessions").getAsyncBackupCount()).isZero();
    }

    @Test
    void sessionsExpireAfterMaxIdle() {
        cluster.getSpec().getSessions().setMaxIdleSeconds(1);
        IMap<String, String> sessions = startMembers(1).get(0).getMap("sessions");

        sessions.put("idle", "soon gone");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> !sessions.containsKey("idle"));
    }

    @Test
    void evictionCapsEntriesPerMember() {
        cluster.getSpec().getSessions().getEviction().setMaxSizePolicy(MapEvictionSpec.MaxSizePolicy.PER_NODE);
        cluster.getSpec().getSessions().getEviction().setSize(1000);
        IMap<String, String> sessions = startMembers(1).get(0).getMap("sessions");

        for (int i = 0; i < 5000; i++) {
            sessions.set("session-" + i, "data");
        }

        // Hazelcast enforces PER_NODE per partition, so the cap is approximate, but far below what was written.
        assertThat(sessions.size()).isBetween(500, 1300);
    }

    /** Hazelcast checks a map's merge policy against the statistics it keeps only when a member creates the map. */
    @ParameterizedTest
    @EnumSource(SessionMergePolicy.class)
    void aMemberCreatesTheSessionMapWithEveryMergePolicy(SessionMergePolicy policy) {
        cluster.getSpec().getSessions().setMergePolicy(policy);
        HazelcastInstance member = startMembers(1).get(0);

        member.getMap("sessions").set("user-1", "cart=3");

        assertThat(member.getMap("sessions").get("user-1")).isEqualTo("cart=3");
        assertThat(member.getConfig().getMapConfig("sessions").getMergePolicyConfig().getPolicy()).endsWith(policy.name());
    }

    @Test
    void clientFromThePublishedConfigServesRepeatedReadsFromItsNearCache() {
        cluster.getSpec().getNearCache().setEnabled(true);
        List<HazelcastInstance> members = startMembers(1);
        members.get(0).getMap("sessions").put("user-1", "cart=3");
        HazelcastInstance client = running.publishedClient();
        IMap<String, String> sessions = client.getMap("sessions");

        for (int i = 0; i < 10; i++) {
            assertThat(sessions.get("user-1")).isEqualTo("cart=3");
        }

        var nearCache = sessions.getLocalMapStats().getNearCacheStats();
        assertThat(nearCache.getMisses()).isEqualTo(1);
        assertThat(nearCache.getHits()).isEqualTo(9);
    }

    private List<HazelcastInstance> startMembers(int count) {
        running = RenderedMembers.start(cluster, count);
        return running.members();
    }
}
