package io.sessioncache.operator.api.v1alpha1;

/**
 * Where a minor-version upgrade stands, kept in the SessionCluster's status so a restarted operator resumes it. The
 * order is the order of the work; only {@link #Preparing} and {@link #Copying} can be undone.
 */
public enum UpgradePhase {
    /** The new member set is being created and has to become Ready and safe. */
    Preparing,
    /** Sessions are copied into the new set while clients use the old one. */
    Copying,
    /** The old set is fenced, the last differences copied, clients moved: from here the upgrade only goes forward. */
    Switching,
    /** Clients are on the new set; the old set is being removed. */
    Removing
}
