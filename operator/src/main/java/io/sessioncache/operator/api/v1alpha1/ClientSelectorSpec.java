package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Client pods let into the members, as a NetworkPolicy peer: pods matching podSelector in namespaces matching namespaceSelector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.podSelector) || has(self.namespaceSelector)",
        message = "name the client pods with podSelector, namespaceSelector or both")
public class ClientSelectorSpec {

    @JsonPropertyDescription("Labels of the client pods. Unset: every pod of the namespaces namespaceSelector names.")
    private LabelSelector podSelector;

    @JsonPropertyDescription("Labels of the namespaces the client pods run in. Unset: only the cluster's own namespace.")
    private LabelSelector namespaceSelector;

    public LabelSelector getPodSelector() {
        return podSelector;
    }

    public void setPodSelector(LabelSelector podSelector) {
        this.podSelector = podSelector;
    }

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }
}
