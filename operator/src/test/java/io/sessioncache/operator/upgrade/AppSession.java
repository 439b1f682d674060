package io.sessioncache.operator.upgrade;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * A session type of the application's own, with a serializer only the application's client registers: what the
 * operator must move without knowing it. {@code count} is how many writes the session has seen.
 */
public record AppSession(String user, int count, byte[] attributes) {

    static final int PAYLOAD = 512;
    static final String CLUSTER_NAME = "sessions-cluster";

    static AppSession of(int n) {
        byte[] attributes = new byte[PAYLOAD];
        Arrays.fill(attributes, (byte) n);
        return new AppSession("user-" + n, 0, attributes);
    }

    AppSession written() {
        return new AppSession(user, count + 1, attributes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppSession that && user.equals(that.user) && count == that.count
                && Arrays.equals(attributes, that.attributes);
    }

    @Override
    public int hashCode() {
        return (user.hashCode() * 31 + count) * 31 + Arrays.hashCode(attributes);
    }

    /** A client of the application: it knows the session type and its serializer. */
    static ClientConfig applicationClient(ClientConfig config) {
        config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                .setTypeClass(AppSession.class).setImplementation(new Serializer()));
        return config;
    }

    /** A client as the operator has one, of the members on these ports: no application class, no serializer. */
    static ClientConfig clientOf(int... ports) {
        ClientConfig config = new ClientConfig().setClusterName(CLUSTER_NAME);
        for (int port : ports) {
            config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        }
        config.setProperty("hazelcast.phone.home.enabled", "false");
        return config;
    }

    static HazelcastInstance connect(ClientConfig config) {
        return HazelcastClient.newHazelcastClient(config);
    }

    /** Members given this serializer hold the session type as the frameworks' members do (their extension jars). */
    static final String MEMBER_SERIALIZATION = """
              serialization:
                serializers:
                  - type-class: io.sessioncache.operator.upgrade.AppSession
                    class-name: io.sessioncache.operator.upgrade.AppSession$Serializer
            """;

    public static final class Serializer implements StreamSerializer<AppSession> {

        public Serializer() {
        }

        @Override
        public int getTypeId() {
            return 4711;
        }

        @Override
        public void write(ObjectDataOutput out, AppSession session) throws IOException {
            out.writeString(session.user());
            out.writeInt(session.count());
            out.writeByteArray(session.attributes());
        }

        @Override
        public AppSession read(ObjectDataInput in) throws IOException {
            return new AppSession(in.readString(), in.readInt(), in.readByteArray());
        }
    }
}
