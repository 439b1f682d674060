package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Service applications connect to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientServiceSpec {

    @Default("ClusterIP")
    @JsonPropertyDescription("Service type: ClusterIP (applications in the cluster), NodePort or LoadBalancer. A client "
            + "outside the cluster reaches only the Service's address, not each member: it needs smart-routing: false "
            + "in its client configuration.")
    private Type type = Type.ClusterIP;

    @JsonPropertyDescription("Annotations of the client Service, e.g. for a cloud load balancer. Changing them does not restart members.")
    private Map<String, String> annotations = new LinkedHashMap<>();

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public enum Type {
        ClusterIP,
        NodePort,
        LoadBalancer
    }
}
