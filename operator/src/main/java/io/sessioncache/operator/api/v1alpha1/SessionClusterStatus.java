package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionClusterStatus {

    @JsonPropertyDescription("The generation of the spec this status describes.")
    private Long observedGeneration;

    @StatusReplicas
    @JsonPropertyDescription("Member pods that exist.")
    private Integer replicas;

    @JsonPropertyDescription("Member pods that are Ready.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Member pods that run the current configuration and version.")
    private Integer updatedReplicas;

    @LabelSelector
    @JsonPropertyDescription("Label selector of the member pods (scale subresource).")
    private String selector;

    @JsonPropertyDescription("Hazelcast version(s) the member pods run, e.g. \"5.7.0\", or \"5.6.0, 5.7.0\" while members are being moved from one to the other.")
    private String version;

    @JsonPropertyDescription("Hazelcast version the spec asks for; members are moved to it one at a time.")
    private String desiredVersion;

    @JsonPropertyDescription("True when every member reports cluster-safe: no migration running, all backups in sync.")
    private Boolean clusterSafe;

    @JsonPropertyDescription("StatefulSet revision most members run.")
    private String currentRevision;

    @JsonPropertyDescription("StatefulSet revision members are being moved to.")
    private String updateRevision;

    @JsonPropertyDescription("ConfigMap that holds hazelcast-client.yaml for applications.")
    private String clientConfigMap;

    @JsonPropertyDescription("Who may reach the members' port, as the operator's NetworkPolicy allows it; or that no policy "
            + "is applied and any pod that reaches the members can read every session.")
    private String networkAccess;

    @JsonPropertyDescription("StatefulSet of the member set that serves clients: the cluster's name until a minor-version "
            + "upgrade moves clients to a set named for its version, e.g. \"web-5-7\".")
    private String memberSet;

    @JsonPropertyDescription("The minor-version upgrade under way, if any.")
    private UpgradeStatus upgrade;

    @JsonPropertyDescription("Ready, Progressing and Degraded.")
    private List<Condition> conditions = new ArrayList<>();

    public String getMemberSet() {
        return memberSet;
    }

    public void setMemberSet(String memberSet) {
        this.memberSet = memberSet;
    }

    public UpgradeStatus getUpgrade() {
        return upgrade;
    }

    public void setUpgrade(UpgradeStatus upgrade) {
        this.upgrade = upgrade;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getUpdatedReplicas() {
        return updatedReplicas;
    }

    public void setUpdatedReplicas(Integer updatedReplicas) {
        this.updatedReplicas = updatedReplicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getDesiredVersion() {
        return desiredVersion;
    }

    public void setDesiredVersion(String desiredVersion) {
        this.desiredVersion = desiredVersion;
    }

    public Boolean getClusterSafe() {
        return clusterSafe;
    }

    public void setClusterSafe(Boolean clusterSafe) {
        this.clusterSafe = clusterSafe;
    }

    public String getCurrentRevision() {
        return currentRevision;
    }

    public void setCurrentRevision(String currentRevision) {
        this.currentRevision = currentRevision;
    }

    public String getUpdateRevision() {
        return updateRevision;
    }

    public void setUpdateRevision(String updateRevision) {
        this.updateRevision = updateRevision;
    }

    public String getClientConfigMap() {
        return clientConfigMap;
    }

    public void setClientConfigMap(String clientConfigMap) {
        this.clientConfigMap = clientConfigMap;
    }

    public String getNetworkAccess() {
        return networkAccess;
    }

    public void setNetworkAccess(String networkAccess) {
        this.networkAccess = networkAccess;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** A copy whose fields can be changed without touching this status (conditions are replaced, never edited). */
    public SessionClusterStatus copy() {
        SessionClusterStatus copy = new SessionClusterStatus();
        copy.observedGeneration = observedGeneration;
        copy.replicas = replicas;
        copy.readyReplicas = readyReplicas;
        copy.updatedReplicas = updatedReplicas;
        copy.selector = selector;
        copy.version = version;
        copy.desiredVersion = desiredVersion;
        copy.clusterSafe = clusterSafe;
        copy.currentRevision = currentRevision;
        copy.updateRevision = updateRevision;
        copy.clientConfigMap = clientConfigMap;
        copy.networkAccess = networkAccess;
        copy.memberSet = memberSet;
        copy.upgrade = upgrade;
        copy.conditions = new ArrayList<>(conditions);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SessionClusterStatus other)) {
            return false;
        }
        return Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(replicas, other.replicas)
                && Objects.equals(readyReplicas, other.readyReplicas)
                && Objects.equals(updatedReplicas, other.updatedReplicas)
                && Objects.equals(selector, other.selector)
                && Objects.equals(version, other.version)
                && Objects.equals(desiredVersion, other.desiredVersion)
                && Objects.equals(clusterSafe, other.clusterSafe)
                && Objects.equals(currentRevision, other.currentRevision)
                && Objects.equals(updateRevision, other.updateRevision)
                && Objects.equals(clientConfigMap, other.clientConfigMap)
                && Objects.equals(networkAccess, other.networkAccess)
                && Objects.equals(memberSet, other.memberSet)
                && Objects.equals(upgrade, other.upgrade)
                && Objects.equals(conditions, other.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, replicas, readyReplicas, updatedReplicas, selector, version,
                desiredVersion, clusterSafe, currentRevision, updateRevision, clientConfigMap, networkAccess, memberSet, upgrade, conditions);
    }
}
