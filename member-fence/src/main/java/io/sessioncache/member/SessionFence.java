package io.sessioncache.member;

import com.hazelcast.map.MapInterceptor;
import com.hazelcast.spi.exception.RetryableHazelcastException;

/**
 * Holds every session read and write on the members that carry it, without failing one: each is answered with a
 * retryable exception, which Hazelcast clients retry until the fence goes or their invocation timeout (120 s) ends.
 * Registered on the old member set while the last changes are copied to the new one, so no write can be acknowledged
 * there that the copy could miss, and no client reads a session the new set does not hold yet.
 *
 * <p>Members deserialise a value before they call an interceptor, so the session classes must be on the members'
 * classpath (the supported frameworks' extension jars). {@code IMap.delete} and evictions do not pass through
 * interceptors; the session frameworks remove sessions with {@code remove} or an entry processor, which do.
 */
public final class SessionFence implements MapInterceptor {

    private static final long serialVersionUID = 1L;

    static final String MESSAGE = "sessions are moving to a new member set; retry";

    /**
     * Members name an interceptor by its class and hash code: one hash code for every fence gives every fence one name,
     * so raising it twice holds one fence, and an operator that did not raise it can still lower it by that name.
     */
    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionFence;
    }

    @Override
    public Object interceptGet(Object value) {
        throw new RetryableHazelcastException(MESSAGE);
    }

    @Override
    public void afterGet(Object value) {
        // reads never get here while the fence stands
    }

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        throw new RetryableHazelcastException(MESSAGE);
    }

    @Override
    public void afterPut(Object value) {
        // writes never get here while the fence stands
    }

    @Override
    public Object interceptRemove(Object removedValue) {
        throw new RetryableHazelcastException(MESSAGE);
    }

    @Override
    public void afterRemove(Object value) {
        // removals never get here while the fence stands
    }
}
