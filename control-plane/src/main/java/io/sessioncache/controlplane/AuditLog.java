package io.sessioncache.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The API server's audit log: every request it answered, by user and verb, with when it was received. Tests count an
 * operator's writes here. The operator's StatefulSet writes are recorded with their request and response bodies, and its
 * event writes with their request bodies (see {@link LocalControlPlane}), so a test can tell a replicas change or a
 * Warning from the log alone.
 */
public final class AuditLog {

    public static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** A position in the log; entries after it are those of requests answered later. */
    public long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Write requests by {@code user} since {@code mark}, as "verb resource/name" strings. */
    public List<String> writesSince(long mark, String user) {
        return entriesSince(mark).stream()
                .filter(e -> e.by(user) && e.isWrite())
                .map(Entry::describe)
                .toList();
    }

    /** Every request answered since {@code mark}, in the order the API server logged them. */
    public List<Entry> entriesSince(long mark) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(mark, all.length);
            String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).map(AuditLog::parse).map(Entry::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable audit entry: " + line, e);
        }
    }

    /**
     * One answered request.
     *
     * @param received when the API server received it (before it took effect)
     * @param subresource empty for the resource itself
     * @param name empty for a create with generateName
     * @param code the HTTP status answered
     * @param requestObject the body sent, or a missing node where the policy does not record it
     * @param responseObject the body answered, or a missing node where the policy does not record it
     */
    public record Entry(Instant received, String user, String verb, String resource, String subresource, String namespace,
                        String name, int code, JsonNode requestObject, JsonNode responseObject) {

        static Entry of(JsonNode e) {
            JsonNode ref = e.path("objectRef");
            return new Entry(Instant.parse(e.path("requestReceivedTimestamp").asText()), e.path("user").path("username").asText(),
                    e.path("verb").asText(), ref.path("resource").asText(), ref.path("subresource").asText(""),
                    ref.path("namespace").asText(""), ref.path("name").asText(""), e.path("responseStatus").path("code").asInt(0),
                    e.path("requestObject"), e.path("responseObject"));
        }

        public boolean by(String username) {
            return username.equals(user);
        }

        public boolean isWrite() {
            return WRITE_VERBS.contains(verb);
        }

        public boolean succeeded() {
            return code >= 200 && code < 300;
        }

        /** "verb resource[/subresource] name". */
        public String describe() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource) + " " + name;
        }
    }
}
