package io.sessioncache.operator.upgrade;

/**
 * What a copy has done so far: entries written to the target, entries deleted there, the bytes written, and the
 * entries a last pass read whole to compare them (the partitions whose checksums differed).
 */
public record CopyProgress(long copied, long deleted, long bytes, long compared) {

    public static final CopyProgress NONE = new CopyProgress(0, 0, 0, 0);

    CopyProgress plus(CopyProgress more) {
        return new CopyProgress(copied + more.copied, deleted + more.deleted, bytes + more.bytes, compared + more.compared);
    }

    CopyProgress comparing(long entries) {
        return new CopyProgress(copied, deleted, bytes, compared + entries);
    }
}
