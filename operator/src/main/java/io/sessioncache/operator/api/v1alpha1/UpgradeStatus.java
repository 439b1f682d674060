package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A minor-version upgrade under way: where it stands and the two member sets, read back by a restarted operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeStatus {

    @JsonPropertyDescription("Preparing (the new member set starts), Copying (sessions are copied while clients use the "
            + "old set), Switching (clients move; from here the upgrade only goes forward) or Removing (the old set goes).")
    private UpgradePhase phase;

    @JsonPropertyDescription("The version the old member set runs.")
    private String fromVersion;

    @JsonPropertyDescription("The version the new member set runs.")
    private String toVersion;

    @JsonPropertyDescription("StatefulSet of the old member set.")
    private String fromMemberSet;

    @JsonPropertyDescription("StatefulSet of the new member set.")
    private String toMemberSet;

    @JsonPropertyDescription("Sessions the full copy has written into the new member set so far.")
    private Long sessionsCopied;

    @JsonPropertyDescription("Sessions the old member set held when the copy started.")
    private Long sessionsToCopy;

    public UpgradeStatus() {
    }

    public UpgradeStatus(UpgradePhase phase, String fromVersion, String toVersion, String fromMemberSet, String toMemberSet) {
        this.phase = phase;
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.fromMemberSet = fromMemberSet;
        this.toMemberSet = toMemberSet;
    }

    /** This upgrade in another phase, the copy's counts kept. */
    public UpgradeStatus inPhase(UpgradePhase nextPhase) {
        UpgradeStatus next = new UpgradeStatus(nextPhase, fromVersion, toVersion, fromMemberSet, toMemberSet);
        next.sessionsCopied = sessionsCopied;
        next.sessionsToCopy = sessionsToCopy;
        return next;
    }

    public UpgradePhase getPhase() {
        return phase;
    }

    public void setPhase(UpgradePhase phase) {
        this.phase = phase;
    }

    public String getFromVersion() {
        return fromVersion;
    }

    public void setFromVersion(String fromVersion) {
        this.fromVersion = fromVersion;
    }

    public String getToVersion() {
        return toVersion;
    }

    public void setToVersion(String toVersion) {
        this.toVersion = toVersion;
    }

    public String getFromMemberSet() {
        return fromMemberSet;
    }

    public void setFromMemberSet(String fromMemberSet) {
        this.fromMemberSet = fromMemberSet;
    }

    public String getToMemberSet() {
        return toMemberSet;
    }

    public void setToMemberSet(String toMemberSet) {
        this.toMemberSet = toMemberSet;
    }

    public Long getSessionsCopied() {
        return sessionsCopied;
    }

    public void setSessionsCopied(Long sessionsCopied) {
        this.sessionsCopied = sessionsCopied;
    }

    public Long getSessionsToCopy() {
        return sessionsToCopy;
    }

    public void setSessionsToCopy(Long sessionsToCopy) {
        this.sessionsToCopy = sessionsToCopy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpgradeStatus other && Objects.equals(phase, other.phase)
                && Objects.equals(fromVersion, other.fromVersion) && Objects.equals(toVersion, other.toVersion)
                && Objects.equals(fromMemberSet, other.fromMemberSet) && Objects.equals(toMemberSet, other.toMemberSet)
                && Objects.equals(sessionsCopied, other.sessionsCopied) && Objects.equals(sessionsToCopy, other.sessionsToCopy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, fromVersion, toVersion, fromMemberSet, toMemberSet, sessionsCopied, sessionsToCopy);
    }
}
