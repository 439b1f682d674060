package io.sessioncache.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Hazelcast Community Edition cluster that holds HTTP sessions and survives restarts without losing them. */
@Group(SessionCluster.GROUP)
@Version(SessionCluster.VERSION)
@Kind("SessionCluster")
@Plural("sessionclusters")
@Singular("sessioncluster")
@ShortNames("sc")
@Categories({"sessioncache", "all"})
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Safe", jsonPath = ".status.clusterSafe", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Upgrade", jsonPath = ".status.upgrade.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SessionCluster extends CustomResource<SessionClusterSpec, SessionClusterStatus> implements Namespaced {

    public static final String GROUP = "sessioncache.io";
    public static final String VERSION = "v1alpha1";

    /**
     * No spec until one is set: the operator server-side-applies a bare SessionCluster to add its finalizer, and a
     * default spec there would overwrite the user's. A SessionCluster without spec runs on the defaults.
     */
    @Override
    protected SessionClusterSpec initSpec() {
        return null;
    }

    @Override
    protected SessionClusterStatus initStatus() {
        return null;
    }
}
