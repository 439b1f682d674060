package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Placement and metadata of member pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberPodSpec {

    @JsonPropertyDescription("Extra labels on member pods.")
    private Map<String, String> labels = new LinkedHashMap<>();

    @JsonPropertyDescription("Extra annotations on member pods.")
    private Map<String, String> annotations = new LinkedHashMap<>();

    @JsonPropertyDescription("Node labels a member's node must have.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations of member pods.")
    private List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Affinity rules of member pods.")
    private Affinity affinity;

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

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
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
