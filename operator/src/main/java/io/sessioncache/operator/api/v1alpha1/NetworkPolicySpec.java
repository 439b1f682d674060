package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * The NetworkPolicy in front of the members. Community Edition has no authentication and no TLS: whoever reaches the
 * member port reads and writes every session, so the policy is the only access control there is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {

    @Default("true")
    @JsonPropertyDescription("Create a NetworkPolicy that lets into the members only the members themselves, the "
            + "operator (which reads their health endpoint) and the client pods named by clientSelector. False deletes "
            + "the policy: then any pod that reaches the members can read every session. Enforced only by a network "
            + "plugin (CNI) that implements NetworkPolicy.")
    private boolean enabled = true;

    @JsonPropertyDescription("The client pods let in. Unset: pods in the cluster's namespace labelled "
            + "sessioncache.io/client: <cluster name>.")
    private ClientSelectorSpec clientSelector;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public ClientSelectorSpec getClientSelector() {
        return clientSelector;
    }

    public void setClientSelector(ClientSelectorSpec clientSelector) {
        this.clientSelector = clientSelector;
    }
}
