package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session framework needs in hazelcast.yaml (members) and hazelcast-client.yaml (applications) when its
 * applications are clients of the cluster. The classes these settings name come from the member extensions.
 */
public final class SessionFrameworkConfig {

    /** Spring Session's index of sessions by user: {@code FindByIndexNameSessionRepository#findByPrincipalName}. */
    public static final String SPRING_PRINCIPAL_ATTRIBUTE = "principalName";
    public static final String SPRING_PRINCIPAL_EXTRACTOR = "org.springframework.session.hazelcast.PrincipalNameExtractor";
    public static final String SPRING_SESSION_CLASS = "org.springframework.session.MapSession";
    public static final String SPRING_SESSION_SERIALIZER = "org.springframework.session.hazelcast.HazelcastSessionSerializer";

    private SessionFrameworkConfig() {
    }

    /** Entries added to the session map's member config. */
    public static Map<String, Object> sessionMapSettings(SessionFramework framework) {
        if (framework != SessionFramework.SpringSession) {
            return Map.of();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("attributes", Map.of(SPRING_PRINCIPAL_ATTRIBUTE, Map.of("extractor-class-name", SPRING_PRINCIPAL_EXTRACTOR)));
        settings.put("indexes", List.of(Map.of("type", "HASH", "attributes", List.of(SPRING_PRINCIPAL_ATTRIBUTE))));
        return settings;
    }

    /**
     * Adds the {@code serialization} section members and clients both need to a hazelcast or hazelcast-client config. Spring Session writes
     * {@code MapSession} with its own serializer (type id 1453); a member without it cannot run the entry processor
     * that updates a session, nor the principal-name query.
     */
    public static void addSerialization(Map<String, Object> config, SessionFramework framework) {
        if (framework == SessionFramework.SpringSession) {
            config.put("serialization", Map.of("serializers", List.of(Map.of(
                    "type-class", SPRING_SESSION_CLASS,
                    "class-name", SPRING_SESSION_SERIALIZER))));
        }
    }
}
