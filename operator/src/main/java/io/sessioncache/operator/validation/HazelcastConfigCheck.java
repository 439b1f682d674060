package io.sessioncache.operator.validation;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryYamlConfig;
import io.sessioncache.operator.model.ClientConfigYaml;
import io.sessioncache.operator.model.MemberConfigYaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Loads rendered configs with Hazelcast's own parsers: a config Hazelcast cannot load never reaches a pod. */
public final class HazelcastConfigCheck {

    private HazelcastConfigCheck() {
    }

    /** @throws InvalidConfigException with Hazelcast's reason when members could not load the config */
    public static Config parseMember(String yaml) {
        try {
            return new InMemoryYamlConfig(yaml);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(MemberConfigYaml.FILE, e);
        }
    }

    /** @throws InvalidConfigException with Hazelcast's reason when clients could not load the config */
    public static ClientConfig parseClient(String yaml) {
        try {
            return new YamlClientConfigBuilder(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).build();
        } catch (RuntimeException e) {
            throw new InvalidConfigException(ClientConfigYaml.FILE, e);
        }
    }

    public static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(String file, RuntimeException cause) {
            super("Hazelcast rejects the rendered " + file + ": " + cause.getMessage(), cause);
        }
    }
}
