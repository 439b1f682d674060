package io.sessioncache.operator.upgrade;

/**
 * Where a minor-version upgrade stands, kept in the SessionCluster's status so a restarted operator resumes it. The
 * order is the order of the work; only {@link #PREPARING} and {@link #COPYING} can be undone.
 */
public enum UpgradePhase {
    /** The new member set is being created and has to become Ready and safe. */
    PREPARING,
    /** Sessions are copied into the new set while clients use the old one. */
    COPYING,
    /** The old set is fenced, the last differences copied, clients moved: from here the upgrade only goes forward. */
    SWITCHING,
    /** Clients are on the new set; the old set is being removed. */
    REMOVING
}
