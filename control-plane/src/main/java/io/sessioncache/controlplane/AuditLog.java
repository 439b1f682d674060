package io.sessioncache.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The API server's audit log: every request it answered, by user and verb. Tests count an operator's writes here. */
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
                .filter(e -> user.equals(e.path("user").path("username").asText()))
                .filter(e -> WRITE_VERBS.contains(e.path("verb").asText()))
                .map(e -> e.path("verb").asText() + " " + e.path("objectRef").path("resource").asText()
                        + (e.path("objectRef").path("subresource").isMissingNode() ? "" : "/" + e.path("objectRef").path("subresource").asText())
                        + " " + e.path("objectRef").path("name").asText())
                .toList();
    }

    private List<JsonNode> entriesSince(long mark) {
        try {
            byte[] all = Files.readAllBytes(file);
            String text = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                    java.nio.charset.StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).map(AuditLog::parse).toList();
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
}
