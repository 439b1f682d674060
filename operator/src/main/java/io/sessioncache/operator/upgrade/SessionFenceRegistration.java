package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.sessioncache.member.SessionFence;

/**
 * The {@link SessionFence} on a member set's session map: while it stands, clients' session operations there are
 * retried, not served and not failed. Registering fails (and nothing is held) when the members lack the fence's
 * class, that is, when they do not carry the session-extensions jars. Every fence has one name on the members, so
 * raising it again is harmless and any operator process can lower it.
 */
public final class SessionFenceRegistration {

    /** The name members give the fence: its class name and its hash code. */
    static final String ID = SessionFence.class.getName() + new SessionFence().hashCode();

    private SessionFenceRegistration() {
    }

    public static void raise(HazelcastInstance client, String mapName) {
        IMap<Object, Object> map = client.getMap(mapName);
        String id = map.addInterceptor(new SessionFence());
        if (!ID.equals(id)) {
            map.removeInterceptor(id);
            throw new IllegalStateException("the members named the session fence " + id + ", not " + ID);
        }
    }

    /** Lowers the fence: the held operations go through on this member set again. */
    public static void lower(HazelcastInstance client, String mapName) {
        client.getMap(mapName).removeInterceptor(ID);
    }
}
