package io.sessioncache.podruntime;

import java.util.BitSet;

/**
 * Pod IPs of one /24: {@code <prefix>2 .. <prefix>254}. The lowest free one is handed out, and freed ones are reused.
 * The loopback pool (127.0.0.N) needs nothing set up; any other is only usable where {@link PodNetwork} put its
 * addresses on an interface.
 */
public final class IpPool {

    public static final String LOOPBACK_PREFIX = "127.0.0.";
    static final int FIRST = 2;
    static final int LAST = 254;

    private final String prefix;
    private final BitSet used = new BitSet();

    /** 127.0.0.2 .. 127.0.0.254. */
    public IpPool() {
        this(LOOPBACK_PREFIX);
    }

    /** @param prefix the first three octets and their dot, e.g. {@code 10.244.0.} */
    public IpPool(String prefix) {
        if (!prefix.matches("(\\d{1,3}\\.){3}")) {
            throw new IllegalArgumentException("not the first three octets of an IPv4 /24: " + prefix);
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public synchronized String allocate() {
        int next = used.nextClearBit(FIRST);
        if (next > LAST) {
            throw new IllegalStateException("no free pod IP left in " + prefix + "0/24");
        }
        used.set(next);
        return prefix + next;
    }

    public synchronized void release(String ip) {
        if (ip != null && ip.startsWith(prefix)) {
            used.clear(Integer.parseInt(ip.substring(prefix.length())));
        }
    }
}
