package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.member.SessionFence;

/**
 * The {@link SessionFence} on a member set's session map: while it stands, clients' session operations there are
 * retried, not served and not failed. Registering fails (and nothing is held) when the members lack the fence's
 * class, that is, when they do not carry the session-extensions jars.
 */
public final class SessionFenceRegistration implements AutoCloseable {

    private final IMap<Object, Object> map;
    private final String id;

    private SessionFenceRegistration(IMap<Object, Object> map, String id) {
        this.map = map;
        this.id = id;
    }

    public static SessionFenceRegistration raise(HazelcastInstance client, String mapName) {
        IMap<Object, Object> map = client.getMap(mapName);
        return new SessionFenceRegistration(map, map.addInterceptor(new SessionFence()));
    }

    /** Lowers the fence: the held operations go through on this member set again. */
    @Override
    public void close() {
        map.removeInterceptor(id);
    }
}
