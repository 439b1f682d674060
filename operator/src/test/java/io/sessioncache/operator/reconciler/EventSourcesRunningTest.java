package io.sessioncache.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventSourcesRunningTest {

    private final AbstractEventSource<Pod, SessionCluster> pods = source(Pod.class);
    private final AbstractEventSource<ConfigMap, SessionCluster> configMaps = source(ConfigMap.class);

    @Test
    void runningWhenEverySourceRuns() {
        pods.start();
        configMaps.start();

        assertThat(SessionClusterEventSources.allRunning(Stream.of(pods, configMaps))).isTrue();
    }

    @Test
    void oneStoppedSourceMeansTheOperatorIsStopping() {
        pods.start();
        configMaps.start();
        configMaps.stop();

        assertThat(SessionClusterEventSources.allRunning(Stream.of(pods, configMaps))).isFalse();
    }

    @Test
    void notYetStartedSourcesAreNotRunning() {
        assertThat(SessionClusterEventSources.allRunning(Stream.of(pods))).isFalse();
    }

    private static <R> AbstractEventSource<R, SessionCluster> source(Class<R> type) {
        return new AbstractEventSource<>(type) {
            @Override
            public Set<R> getSecondaryResources(SessionCluster primary) {
                return Set.of();
            }
        };
    }
}
