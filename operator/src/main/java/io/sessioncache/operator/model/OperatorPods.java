package io.sessioncache.operator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the operator's own pods run, so that the members' NetworkPolicy lets in its calls to their health endpoint.
 * The namespace is unknown when the operator runs outside the cluster (no POD_NAMESPACE): no pod rule can name it then.
 */
public record OperatorPods(Optional<String> namespace, Map<String, String> labels) {

    /** The pod labels of the operator as the Helm chart installs it under its default name. */
    public static final String DEFAULT_LABELS = "app.kubernetes.io/name=sessioncache-operator";

    public OperatorPods {
        namespace = namespace.filter(ns -> !ns.isBlank());
        // In the order configured: status.networkAccess names them, and must read the same after a restart.
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("the operator's pod labels must name at least one label");
        }
    }

    /** @param labels comma-separated key=value pairs, as a label selector with matchLabels only */
    public static OperatorPods of(Optional<String> namespace, String labels) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : labels.split(",")) {
            int equals = pair.indexOf('=');
            if (pair.isBlank()) {
                continue;
            }
            if (equals <= 0) {
                throw new IllegalArgumentException("operator pod label is not key=value: '" + pair.trim() + "'");
            }
            parsed.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return new OperatorPods(namespace, parsed);
    }

    /** An operator outside the cluster, as in a test of the builders. */
    public static OperatorPods outsideTheCluster() {
        return of(Optional.empty(), DEFAULT_LABELS);
    }
}
