package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies desired children with server-side apply, and only those whose fields owned by the operator differ from the
 * informer's copy: an unchanged cluster reconciles without a single write.
 */
final class ChildApplier {

    private static final Logger LOG = Logger.getLogger(ChildApplier.class);

    private final Context<SessionCluster> context;
    private int writes;
    private boolean statefulSetWritten;

    ChildApplier(Context<SessionCluster> context) {
        this.context = context;
    }

    void apply(HasMetadata desired) {
        requireRunningCaches();
        Optional<? extends HasMetadata> actual = cached(desired.getClass(), ResourceID.fromResource(desired));
        if (actual.isPresent() && SSABasedGenericKubernetesResourceMatcher.getInstance().matches(actual.get(), desired, context)) {
            return;
        }
        LOG.infof("%s %s %s", actual.isPresent() ? "updating" : "creating", desired.getKind(), desired.getMetadata().getName());
        context.getClient().resource(desired)
                .fieldManager(context.getControllerConfiguration().fieldManager())
                .forceConflicts()
                .serverSideApply();
        writes++;
        statefulSetWritten |= desired instanceof StatefulSet;
    }

    void deletePod(String name) {
        requireRunningCaches();
        LOG.infof("deleting pod %s", name);
        context.getClient().pods().inNamespace(context.getPrimaryResource().getMetadata().getNamespace()).withName(name).delete();
        writes++;
    }

    /** Whether this reconcile changed the StatefulSet, which makes what was observed of its pods stale. */
    boolean statefulSetWritten() {
        return statefulSetWritten;
    }

    /** Removes a child the spec no longer asks for, e.g. discovery RBAC after a switch back to DNS discovery. */
    void deleteIfPresent(Class<? extends HasMetadata> type, ResourceID id) {
        requireRunningCaches();
        cached(type, id).ifPresent(existing -> {
            LOG.infof("deleting %s %s, no longer needed", existing.getKind(), existing.getMetadata().getName());
            context.getClient().resource(existing).delete();
            writes++;
        });
    }

    /** Every write is decided from the caches: once they stop (the operator is stopping), no write may follow. */
    private void requireRunningCaches() {
        if (!SessionClusterEventSources.allRunning(context)) {
            throw new OperatorStoppingException();
        }
    }

    /** The operator began to stop in the middle of a reconcile; what is left of it is dropped. */
    static final class OperatorStoppingException extends IllegalStateException {
        OperatorStoppingException() {
            super("the operator is stopping: its caches no longer tell what exists");
        }
    }

    int writes() {
        return writes;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Optional<? extends HasMetadata> cached(Class<? extends HasMetadata> type, ResourceID id) {
        InformerEventSource informer = (InformerEventSource) context.eventSourceRetriever().getEventSourceFor(type);
        return informer.get(id);
    }
}
