package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClusterLabels;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/** Records Kubernetes events on a SessionCluster, so `kubectl describe` tells what the operator did and why. */
final class EventRecorder {

    static final String WARNING = "Warning";
    static final String NORMAL = "Normal";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;

    EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    void record(SessionCluster cluster, String type, String reason, String message, Instant now) {
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(cluster.getMetadata().getName() + ".")
                .withNamespace(cluster.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(cluster.getApiVersion())
                        .withKind(cluster.getKind())
                        .withName(cluster.getMetadata().getName())
                        .withNamespace(cluster.getMetadata().getNamespace())
                        .withUid(cluster.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .withNewSource().withComponent(ClusterLabels.OPERATOR).endSource()
                .withReportingComponent(ClusterLabels.OPERATOR)
                .build();
        try {
            client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy; failing to write one must not fail the reconcile that found the problem.
            LOG.warnf("could not record event %s on %s: %s", reason, cluster.getMetadata().getName(), e.getMessage());
        }
    }
}
