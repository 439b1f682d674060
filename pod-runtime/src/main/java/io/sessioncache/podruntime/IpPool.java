package io.sessioncache.podruntime;

import java.util.BitSet;

/** Pod IPs 127.0.0.2 .. 127.0.0.254: the lowest free one is handed out, and freed ones are reused. */
public final class IpPool {

    static final int FIRST = 2;
    static final int LAST = 254;

    private final BitSet used = new BitSet();

    public synchronized String allocate() {
        int next = used.nextClearBit(FIRST);
        if (next > LAST) {
            throw new IllegalStateException("no free pod IP left in 127.0.0.0/24");
        }
        used.set(next);
        return "127.0.0." + next;
    }

    public synchronized void release(String ip) {
        if (ip != null && ip.startsWith("127.0.0.")) {
            used.clear(Integer.parseInt(ip.substring("127.0.0.".length())));
        }
    }
}
