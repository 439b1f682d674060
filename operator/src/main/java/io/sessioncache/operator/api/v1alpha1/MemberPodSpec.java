package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Placement, metadata and extra volumes of member pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberPodSpec {

    @JsonPropertyDescription("Extra labels on member pods.")
    private Map<String, String> labels = new LinkedHashMap<>();

    @JsonPropertyDescription("Extra annotations on member pods. Changing them restarts the members one at a time; "
            + "annotations that others add to running pods (a service mesh, the kubelet) restart nothing.")
    private Map<String, String> annotations = new LinkedHashMap<>();

    @Size(max = 50)
    @ValidationRule(value = "self.all(v, !(v.name in ['config', 'tmp']) && !v.name.startsWith('extensions'))",
            message = "the volume names config and tmp, and names starting with extensions, are the operator's")
    @JsonPropertyDescription("Extra volumes of member pods, mounted with volumeMounts. The names config and tmp, and names "
            + "starting with extensions (spec.extensions), are the operator's.")
    private List<Volume> volumes = new ArrayList<>();

    @Size(max = 50)
    @ValidationRule(value = "self.all(m, !(m.mountPath in ['/tmp', '/tmp/', '/data/hazelcast', '/data/extensions']) "
            + "&& !m.mountPath.startsWith('/data/hazelcast/') && !m.mountPath.startsWith('/data/extensions/'))",
            message = "/tmp, /data/hazelcast (the member configuration) and /data/extensions (spec.extensions) are mounted by the operator")
    @JsonPropertyDescription("Mounts of the extra volumes into the member container; each names one of volumes. /tmp, "
            + "/data/hazelcast (the member configuration) and /data/extensions (spec.extensions) are the operator's. "
            + "Changing volumes or mounts restarts the members one at a time.")
    private List<VolumeMount> volumeMounts = new ArrayList<>();

    @JsonPropertyDescription("Node labels a member's node must have.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations of member pods.")
    private List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Affinity rules of member pods.")
    private Affinity affinity;

    @JsonPropertyDescription("How member pods spread over nodes and zones. When set, replaces the operator's: members "
            + "spread across nodes (kubernetes.io/hostname) and zones (topology.kubernetes.io/zone), preferred "
            + "(ScheduleAnyway), and required (DoNotSchedule) on the key highAvailability.mode Node or Zone names. "
            + "Changing it restarts the members one at a time.")
    private List<TopologySpreadConstraint> topologySpreadConstraints = new ArrayList<>();

    @JsonPropertyDescription("PriorityClass of member pods.")
    private String priorityClassName;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public List<Volume> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<Volume> volumes) {
        this.volumes = volumes;
    }

    public List<VolumeMount> getVolumeMounts() {
        return volumeMounts;
    }

    public void setVolumeMounts(List<VolumeMount> volumeMounts) {
        this.volumeMounts = volumeMounts;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
        return topologySpreadConstraints;
    }

    public void setTopologySpreadConstraints(List<TopologySpreadConstraint> topologySpreadConstraints) {
        this.topologySpreadConstraints = topologySpreadConstraints;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }
}
