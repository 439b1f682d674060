package io.sessioncache.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsNamesLabelsWithEscapedQuotesAndValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP com_hazelcast_Metrics_ownedEntryCount Unit: COUNT
                # TYPE com_hazelcast_Metrics_ownedEntryCount untyped
                com_hazelcast_Metrics_ownedEntryCount{instance="hz",prefix="map",tag0="\\"name=sessions\\""} 137.0
                jvm_threads_current 42
                jvm_memory_used_bytes{area="heap",} 1.5E7 1700000000000
                """);

        assertThat(samples).containsExactly(
                new PrometheusText.Sample("com_hazelcast_Metrics_ownedEntryCount",
                        Map.of("instance", "hz", "prefix", "map", "tag0", "\"name=sessions\""), 137.0),
                new PrometheusText.Sample("jvm_threads_current", Map.of(), 42.0),
                new PrometheusText.Sample("jvm_memory_used_bytes", Map.of("area", "heap"), 1.5E7));
    }

    @Test
    void refusesWhatIsNotASample() {
        assertThatThrownBy(() -> PrometheusText.parse("metric{label=unquoted} 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("just words here")).isInstanceOf(IllegalArgumentException.class);
    }
}
