package io.sessioncache.operator.roll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessioncache.operator.model.MemberPorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads /hazelcast/health from every member in parallel, each bounded by a short timeout. */
@ApplicationScoped
public class HttpMemberHealthProbe implements MemberHealthProbe {

    static final String HEALTH = "/hazelcast/health";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1 as the kubelet probes: no upgrade to HTTP/2 to go through on every read.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final int port;

    public HttpMemberHealthProbe() {
        this(MemberPorts.MEMBER);
    }

    public HttpMemberHealthProbe(int port) {
        this.port = port;
    }

    @Override
    public Map<String, MemberHealth> probe(List<String> podIps) {
        Map<String, CompletableFuture<MemberHealth>> pending = new LinkedHashMap<>();
        for (String ip : podIps) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + HEALTH)).timeout(TIMEOUT).build();
            pending.put(ip, http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(HttpMemberHealthProbe::parse)
                    .exceptionally(e -> MemberHealth.UNREACHABLE)
                    // A deadline of its own: the gate must never wait on a request whose client-side timeout failed to fire.
                    .completeOnTimeout(MemberHealth.UNREACHABLE, TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS));
        }
        Map<String, MemberHealth> health = new LinkedHashMap<>();
        pending.forEach((ip, future) -> health.put(ip, future.join()));
        return health;
    }

    static MemberHealth parse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return MemberHealth.UNREACHABLE;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return new MemberHealth(true, body.path("nodeState").asText("UNKNOWN"), body.path("clusterState").asText("UNKNOWN"),
                    body.path("clusterSafe").asBoolean(false), body.path("migrationQueueSize").asInt(-1),
                    body.path("clusterSize").asInt(-1));
        } catch (java.io.IOException e) {
            return MemberHealth.UNREACHABLE;
        }
    }
}
