package io.sessioncache.operator.upgrade;

/** What a copy has done so far: entries written to the target, entries deleted there, and the bytes written. */
public record CopyProgress(long copied, long deleted, long bytes) {

    public static final CopyProgress NONE = new CopyProgress(0, 0, 0);

    CopyProgress plus(CopyProgress more) {
        return new CopyProgress(copied + more.copied, deleted + more.deleted, bytes + more.bytes);
    }
}
