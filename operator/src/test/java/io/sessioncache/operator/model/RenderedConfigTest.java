package io.sessioncache.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.PartitionGroupConfig;
import io.sessioncache.operator.validation.HazelcastConfigCheck;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.MapEvictionSpec;
import io.sessioncache.operator.api.v1alpha1.NearCacheSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.api.v1alpha1.SessionMergePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rendered YAML read back through Hazelcast's own parsers: what members and clients will really load. */
class RenderedConfigTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void membersShutDownGracefullyWithinTheConfiguredBound() {
        cluster.getSpec().setGracefulShutdownSeconds(240);

        Config config = member();

        assertThat(config.getProperty("hazelcast.shutdownhook.policy")).isEqualTo("GRACEFUL");
        assertThat(config.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("240");
        assertThat(config.getClusterName()).isEqualTo("shop-sessions");
    }

    @Test
    void membersPublishTheirMetricsAsJmxMBeansForTheExporter() {
        Config config = member();

        assertThat(config.getMetricsConfig().isEnabled()).isTrue();
        assertThat(config.getMetricsConfig().getJmxConfig().isEnabled()).isTrue();
    }

    @Test
    void healthEndpointsAreEnabled() {
        Config config = member();

        assertThat(config.getNetworkConfig().getRestApiConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getRestApiConfig().getEnabledGroups())
                .contains(com.hazelcast.config.RestEndpointGroup.HEALTH_CHECK);
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    }

    @Test
    void dnsDiscoveryUsesTheHeadlessService() {
        Config config = member();

        var kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperty("service-dns")).isEqualTo("shop-sessions-members.shop.svc");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getPartitionGroupConfig().isEnabled()).isFalse();
    }

    @Test
    void zoneAwareUsesApiDiscoveryAndZonePartitionGroups() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Zone);

        Config config = member();

        var kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig();
        assertThat(kubernetes.getProperty("service-name")).isEqualTo("shop-sessions-members");
        assertThat(kubernetes.getProperty("namespace")).isEqualTo("shop");
        assertThat(kubernetes.getProperty("service-dns")).isNull();
        assertThat(config.getPartitionGroupConfig().isEnabled()).isTrue();
        assertThat(config.getPartitionGroupConfig().getGroupType()).isEqualTo(PartitionGroupConfig.MemberGroupType.ZONE_AWARE);
    }

    @Test
    void nodeAwareUsesNodePartitionGroups() {
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Node);

        assertThat(member().getPartitionGroupConfig().getGroupType()).isEqualTo(PartitionGroupConfig.MemberGroupType.NODE_AWARE);
    }

    @Test
    void sessionMapCarriesBackupsExpiryAndEviction() {
        var sessions = cluster.getSpec().getSessions();
        sessions.setMapName("web-sessions");
        sessions.setBackupCount(2);
        sessions.setAsyncBackupCount(1);
        sessions.setMaxIdleSeconds(900);
        sessions.setTimeToLiveSeconds(86400);
        sessions.setReadBackupData(true);
        sessions.getEviction().setPolicy(io.sessioncache.operator.api.v1alpha1.EvictionPolicy.LFU);
        sessions.getEviction().setMaxSizePolicy(MapEvictionSpec.MaxSizePolicy.USED_HEAP_PERCENTAGE);
        sessions.getEviction().setSize(70);

        MapConfig map = member().getMapConfig("web-sessions");

        assertThat(map.getBackupCount()).isEqualTo(2);
        assertThat(map.getAsyncBackupCount()).isEqualTo(1);
        assertThat(map.getMaxIdleSeconds()).isEqualTo(900);
        assertThat(map.getTimeToLiveSeconds()).isEqualTo(86400);
        assertThat(map.isReadBackupData()).isTrue();
        assertThat(map.getInMemoryFormat()).isEqualTo(InMemoryFormat.BINARY);
        assertThat(map.getEvictionConfig().getEvictionPolicy()).isEqualTo(EvictionPolicy.LFU);
        assertThat(map.getEvictionConfig().getMaxSizePolicy()).isEqualTo(MaxSizePolicy.USED_HEAP_PERCENTAGE);
        assertThat(map.getEvictionConfig().getSize()).isEqualTo(70);
    }

    @Test
    void sessionsMayTakeAShareOfTheHeapByDefaultNotACount() {
        MapConfig map = member().getMapConfig("sessions");

        assertThat(map.getInMemoryFormat()).isEqualTo(InMemoryFormat.BINARY);
        assertThat(map.getEvictionConfig().getEvictionPolicy()).isEqualTo(EvictionPolicy.LRU);
        assertThat(map.getEvictionConfig().getMaxSizePolicy()).isEqualTo(MaxSizePolicy.USED_HEAP_PERCENTAGE);
        assertThat(map.getEvictionConfig().getSize()).isEqualTo(40);
    }

    @Test
    void afterASplitBrainTheNewestWriteOfASessionWinsByDefault() {
        MapConfig map = member().getMapConfig("sessions");

        assertThat(map.getMergePolicyConfig().getPolicy()).isEqualTo("com.hazelcast.spi.merge.LatestUpdateMergePolicy");
        assertThat(map.getMergePolicyConfig().getBatchSize()).isEqualTo(100);
        assertThat(map.isPerEntryStatsEnabled()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SessionMergePolicy.class)
    void theChosenMergePolicyReachesTheSessionMap(SessionMergePolicy policy) {
        cluster.getSpec().getSessions().setMergePolicy(policy);

        MapConfig map = member().getMapConfig("sessions");

        assertThat(map.getMergePolicyConfig().getPolicy()).isEqualTo("com.hazelcast.spi.merge." + policy.name());
    }

    @Test
    void clientConnectsThroughTheClientServiceAndNeverGivesUp() {
        ClientConfig client = client();

        assertThat(client.getClusterName()).isEqualTo("shop-sessions");
        assertThat(client.getNetworkConfig().getAddresses()).containsExactly("shop-sessions.shop.svc:5701");
        assertThat(client.getConnectionStrategyConfig().getConnectionRetryConfig().getClusterConnectTimeoutMillis()).isEqualTo(-1);
        assertThat(client.getNetworkConfig().isRedoOperation()).isTrue();
    }

    @Test
    void theNearCacheIsOffUnlessAskedFor() {
        assertThat(client().getNearCacheConfigMap()).isEmpty();
    }

    @Test
    void clientWaitsHalfASecondAtMostForABackupAckAndThenSucceeds() {
        ClientConfig client = client();

        assertThat(client.getProperty("hazelcast.client.operation.backup.timeout.millis")).isEqualTo("500");
        assertThat(client.getNetworkConfig().isSmartRouting()).as("the client itself waits for backup acks").isTrue();
        assertThat(client.getProperty("hazelcast.client.operation.fail.on.indeterminate.state"))
                .as("Hazelcast's default: a write whose backup ack is missing still succeeds").isNull();
    }

    @Test
    void clientAndMembersRetryAnOperationWhosePrimaryDiedEveryTenthOfASecondAtMost() {
        assertThat(client().getProperty("hazelcast.client.invocation.retry.pause.millis")).isEqualTo("100");
        assertThat(member().getProperty("hazelcast.invocation.retry.pause.millis")).isEqualTo("100");
    }

    @Test
    void theBackupAckBoundDoesNotDependOnTheNearCache() {
        cluster.getSpec().getNearCache().setEnabled(true);

        assertThat(client().getProperty("hazelcast.client.operation.backup.timeout.millis")).isEqualTo("500");
    }

    @Test
    void clientCarriesTheNearCachePolicyForTheSessionMap() {
        NearCacheSpec nearCache = cluster.getSpec().getNearCache();
        nearCache.setEnabled(true);
        nearCache.setInMemoryFormat(NearCacheSpec.NearCacheInMemoryFormat.BINARY);
        nearCache.setTimeToLiveSeconds(120);
        nearCache.setMaxIdleSeconds(60);
        nearCache.getEviction().setPolicy(io.sessioncache.operator.api.v1alpha1.EvictionPolicy.LFU);
        nearCache.getEviction().setSize(500);
        nearCache.setLocalUpdatePolicy(NearCacheSpec.LocalUpdatePolicy.CACHE_ON_UPDATE);
        nearCache.setPreload(true);

        NearCacheConfig config = client().getNearCacheConfig("sessions");

        assertThat(config.getName()).isEqualTo("sessions");
        assertThat(config.getInMemoryFormat()).isEqualTo(InMemoryFormat.BINARY);
        assertThat(config.isInvalidateOnChange()).isTrue();
        assertThat(config.getTimeToLiveSeconds()).isEqualTo(120);
        assertThat(config.getMaxIdleSeconds()).isEqualTo(60);
        assertThat(config.getEvictionConfig().getEvictionPolicy()).isEqualTo(EvictionPolicy.LFU);
        assertThat(config.getEvictionConfig().getMaxSizePolicy()).isEqualTo(MaxSizePolicy.ENTRY_COUNT);
        assertThat(config.getEvictionConfig().getSize()).isEqualTo(500);
        assertThat(config.getLocalUpdatePolicy()).isEqualTo(NearCacheConfig.LocalUpdatePolicy.CACHE_ON_UPDATE);
        assertThat(config.getPreloaderConfig().isEnabled()).isTrue();
    }

    @Test
    void disabledNearCacheIsLeftOutOfTheClientConfig() {
        cluster.getSpec().getNearCache().setEnabled(false);

        assertThat(client().getNearCacheConfigMap()).isEmpty();
        assertThat(client().getProperty(ClientConfigYaml.MAX_TOLERATED_MISSES)).isNull();
    }

    @Test
    void membersSendNearCacheInvalidationsWithoutBatching() {
        assertThat(member().getProperty("hazelcast.map.invalidation.batch.enabled")).isEqualTo("false");
    }

    @Test
    void clientRepairsItsNearCacheAfterAnyMissedInvalidationAtTheShortestInterval() {
        cluster.getSpec().getNearCache().setEnabled(true);
        ClientConfig client = client();

        assertThat(client.getProperty("hazelcast.invalidation.max.tolerated.miss.count")).isEqualTo("0");
        assertThat(client.getProperty("hazelcast.invalidation.reconciliation.interval.seconds")).isEqualTo("30");
    }

    @Test
    void springSessionIndexesSessionsByPrincipalAndSerializesThemWithSpringsSerializer() {
        cluster.getSpec().getSessions().setMapName("spring:session:sessions");
        cluster.getSpec().getSessions().setFramework(SessionFramework.SpringSession);

        MapConfig map = member().getMapConfig("spring:session:sessions");

        assertThat(map.getAttributeConfigs()).singleElement().satisfies(attribute -> {
            assertThat(attribute.getName()).isEqualTo("principalName");
            assertThat(attribute.getExtractorClassName()).isEqualTo("org.springframework.session.hazelcast.PrincipalNameExtractor");
        });
        assertThat(map.getIndexConfigs()).singleElement().satisfies(index -> {
            assertThat(index.getType()).isEqualTo(IndexType.HASH);
            assertThat(index.getAttributes()).containsExactly("principalName");
        });
        assertThat(member().getSerializationConfig().getSerializerConfigs()).singleElement().satisfies(serializer -> {
            assertThat(serializer.getTypeClassName()).isEqualTo("org.springframework.session.MapSession");
            assertThat(serializer.getClassName()).isEqualTo("org.springframework.session.hazelcast.HazelcastSessionSerializer");
        });
        assertThat(client().getSerializationConfig().getSerializerConfigs()).singleElement()
                .satisfies(serializer -> assertThat(serializer.getClassName()).endsWith("HazelcastSessionSerializer"));
        cluster.getSpec().getNearCache().setEnabled(true);
        assertThat(client().getNearCacheConfig("spring:session:sessions").getName()).isEqualTo("spring:session:sessions");
    }

    @Test
    void otherFrameworksAddNoMapAttributesNorSerializers() {
        cluster.getSpec().getSessions().setFramework(SessionFramework.HazelcastWebFilter);

        assertThat(member().getMapConfig("sessions").getAttributeConfigs()).isEmpty();
        assertThat(member().getSerializationConfig().getSerializerConfigs()).isEmpty();
        assertThat(client().getSerializationConfig().getSerializerConfigs()).isEmpty();
    }

    @Test
    void equalSpecsRenderEqualTextAndHash() {
        SessionCluster twin = SessionClusters.named("shop-sessions");

        assertThat(RenderedConfig.of(twin)).isEqualTo(RenderedConfig.of(cluster));
        assertThat(RenderedConfig.of(twin).memberConfigHash()).isEqualTo(RenderedConfig.of(cluster).memberConfigHash());
    }

    @Test
    void memberConfigChangeChangesTheHashButNearCacheChangeDoesNot() {
        String before = RenderedConfig.of(cluster).memberConfigHash();

        cluster.getSpec().getNearCache().setMaxIdleSeconds(10);
        assertThat(RenderedConfig.of(cluster).memberConfigHash()).isEqualTo(before);

        cluster.getSpec().getSessions().setMaxIdleSeconds(10);
        assertThat(RenderedConfig.of(cluster).memberConfigHash()).isNotEqualTo(before);
    }

    private Config member() {
        return HazelcastConfigCheck.parseMember(MemberConfigYaml.render(cluster));
    }

    private ClientConfig client() {
        return HazelcastConfigCheck.parseClient(ClientConfigYaml.render(cluster));
    }
}
