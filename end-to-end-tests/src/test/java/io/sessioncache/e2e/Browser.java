package io.sessioncache.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One user's browser: a real HTTP client with its own cookie jar, sending each request to the next replica in turn
 * (a load balancer without stickiness).
 */
final class Browser {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final List<WebAppReplica> replicas;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private int next;

    Browser(List<WebAppReplica> replicas) {
        this.replicas = replicas;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(nextReplica().uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(nextReplica().uri(pathAndQuery)).GET());
    }

    List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private WebAppReplica nextReplica() {
        WebAppReplica replica = replicas.get(next);
        next = (next + 1) % replicas.size();
        return replica;
    }
}
