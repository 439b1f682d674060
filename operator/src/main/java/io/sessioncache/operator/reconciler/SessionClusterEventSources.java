package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ClusterLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What makes a SessionCluster reconcile: a change to any child it owns, to one of its member pods (readiness, deletion),
 * or to its cluster-scoped binding. All informers watch only what the operator manages (by label).
 */
final class SessionClusterEventSources {

    private static final List<Class<? extends HasMetadata>> OWNED = List.of(StatefulSet.class, ConfigMap.class, Service.class,
            PodDisruptionBudget.class, NetworkPolicy.class, ServiceAccount.class, Role.class, RoleBinding.class);

    private SessionClusterEventSources() {
    }

    static List<EventSource<?, SessionCluster>> of(EventSourceContext<SessionCluster> context) {
        List<EventSource<?, SessionCluster>> sources = new ArrayList<>();
        for (Class<? extends HasMetadata> owned : OWNED) {
            sources.add(informer(owned, context, Mappers.fromOwnerReferences(SessionCluster.class)));
        }
        sources.add(informer(Pod.class, context, byInstanceLabel(Optional.empty())));
        sources.add(informer(ClusterRoleBinding.class, context, byInstanceLabel(Optional.of(ClusterLabels.OWNER_NAMESPACE))));
        return sources;
    }

    /**
     * Whether every informer a reconcile reads is running. While the operator stops, reconciles still in the queue run
     * on informers being emptied, and an empty cache reads as a cluster without children: acting on it would re-create
     * them, or give the StatefulSet the spec's replicas in one write.
     */
    static boolean allRunning(Context<SessionCluster> context) {
        EventSourceRetriever<SessionCluster> retriever = context.eventSourceRetriever();
        return allRunning(Stream.concat(Stream.of(retriever.getControllerEventSource()),
                Stream.concat(OWNED.stream(), Stream.of(Pod.class, ClusterRoleBinding.class))
                        .flatMap(type -> retriever.getEventSourcesFor(type).stream())));
    }

    static boolean allRunning(Stream<? extends EventSource<?, ?>> sources) {
        return sources.allMatch(source -> !(source instanceof AbstractEventSource<?, ?> informer) || informer.isRunning());
    }

    private static <R extends HasMetadata> InformerEventSource<R, SessionCluster> informer(
            Class<R> type, EventSourceContext<SessionCluster> context, SecondaryToPrimaryMapper<R> mapper) {
        InformerEventSourceConfiguration.Builder<R> config = InformerEventSourceConfiguration
                .from(type, SessionCluster.class)
                .withLabelSelector(ClusterLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(mapper);
        if (type == ClusterRoleBinding.class) {
            config.withWatchAllNamespaces();
        } else {
            config.withNamespacesInheritedFromController();
        }
        return new InformerEventSource<>(config.build(), context);
    }

    /** Pods belong to the StatefulSet, and the cluster-scoped binding to nobody: both name their cluster in labels. */
    private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> byInstanceLabel(Optional<String> namespaceLabel) {
        return resource -> {
            String name = resource.getMetadata().getLabels().get(ClusterLabels.INSTANCE);
            String namespace = namespaceLabel.map(resource.getMetadata().getLabels()::get)
                    .orElse(resource.getMetadata().getNamespace());
            return name == null || namespace == null ? Set.of() : Set.of(new ResourceID(name, namespace));
        };
    }
}
