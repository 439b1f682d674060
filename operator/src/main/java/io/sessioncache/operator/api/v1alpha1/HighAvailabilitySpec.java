package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HighAvailabilitySpec {

    @Default("None")
    @JsonPropertyDescription("None: backups go to any other member (members found through DNS, no RBAC). "
            + "Node: never on the same Kubernetes node as the primary. Zone: never in the same zone "
            + "(topology.kubernetes.io/zone). Node and Zone discover members through the Kubernetes API, "
            + "spread pods across nodes or zones, and give members a ServiceAccount allowed to read pods, "
            + "endpoints and services; Zone also reads nodes.")
    private Mode mode = Mode.None;

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public enum Mode {
        None,
        Node,
        Zone
    }
}
