package io.sessioncache.e2e.metrics;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.sessioncache.e2e.metrics.MemberMetricNames.HazelcastMetric;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One scrape of a member pod's metrics endpoint, found as a PodMonitor would: the pod IP and its port named metrics. */
public record MemberScrape(String pod, String text, List<PrometheusText.Sample> samples) {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public static URI endpoint(Pod pod) {
        int port = pod.getSpec().getContainers().get(0).getPorts().stream()
                .filter(p -> "metrics".equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(pod.getMetadata().getName() + " has no port named metrics"));
        String path = pod.getMetadata().getAnnotations().getOrDefault("prometheus.io/path", "/metrics");
        return URI.create("http://" + pod.getStatus().getPodIP() + ":" + port + path);
    }

    public static MemberScrape of(Pod pod) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint(pod)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(endpoint(pod) + " answered " + response.statusCode());
        }
        return new MemberScrape(pod.getMetadata().getName(), response.body(), PrometheusText.parse(response.body()));
    }

    /** The value of a map's metric on this member, if the member exports it. */
    public Optional<Double> mapValue(HazelcastMetric metric, String mapName) {
        return samples.stream()
                .filter(s -> s.name().equals(metric.name()) && metric.prefix().equals(s.labels().get("prefix"))
                        && MemberMetricNames.mapTag(mapName).equals(s.labels().get(MemberMetricNames.MAP_TAG)))
                .map(PrometheusText.Sample::value).findFirst();
    }

    public boolean has(HazelcastMetric metric) {
        return samples.stream().anyMatch(s -> s.name().equals(metric.name()) && metric.prefix().equals(s.labels().get("prefix")));
    }

    public boolean has(String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    /** Every metric name served, sorted, each once. */
    public List<String> names() {
        return samples.stream().map(PrometheusText.Sample::name).distinct().sorted().toList();
    }
}
