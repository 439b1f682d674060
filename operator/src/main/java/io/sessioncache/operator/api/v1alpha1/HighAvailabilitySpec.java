package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Optional;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HighAvailabilitySpec {

    @Default("None")
    @JsonPropertyDescription("None: backups go to any other member (members found through DNS, no RBAC). "
            + "Node: never on the same Kubernetes node as the primary. Zone: never in the same zone "
            + "(topology.kubernetes.io/zone). Members always prefer to spread over nodes and zones; Node and Zone "
            + "require it on their key, discover members through the Kubernetes API, and give members a "
            + "ServiceAccount allowed to read pods, "
            + "endpoints and services; Zone also reads nodes. Fixed once members run: Hazelcast admits a member only "
            + "with the cluster's partition groups, so a change is refused (Degraded, reason UnsupportedConfigChange) "
            + "and nothing restarts.")
    private Mode mode = Mode.None;

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public enum Mode {
        None(null),
        Node("NODE_AWARE"),
        Zone("ZONE_AWARE");

        private final String partitionGroupType;

        Mode(String partitionGroupType) {
            this.partitionGroupType = partitionGroupType;
        }

        /** The Hazelcast partition-group type this mode renders, empty when partition groups are off. */
        public Optional<String> partitionGroupType() {
            return Optional.ofNullable(partitionGroupType);
        }
    }
}
