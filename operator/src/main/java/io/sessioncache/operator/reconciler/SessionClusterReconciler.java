package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.model.DesiredChildren;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.model.RenderedConfig;
import io.sessioncache.operator.status.ClusterObservation;
import io.sessioncache.operator.status.ConditionType;
import io.sessioncache.operator.status.Conditions;
import io.sessioncache.operator.status.StatusBuilder;
import io.sessioncache.operator.validation.SpecProblem;
import io.sessioncache.operator.validation.SpecValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** observe -> validate -> apply children -> status. Each step is a named method; the work lives in the builders. */
@ControllerConfiguration(name = SessionClusterReconciler.NAME)
public class SessionClusterReconciler implements Reconciler<SessionCluster>, Cleaner<SessionCluster> {

    public static final String NAME = "sessioncluster";
    static final Duration PROGRESS_CHECK = Duration.ofSeconds(10);

    private final ReconcileMetrics metrics;

    public SessionClusterReconciler(ReconcileMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<SessionCluster> reconcile(SessionCluster cluster, Context<SessionCluster> context) {
        Instant now = Instant.now();
        ClusterObservation observed = ClusterObservation.of(context.getSecondaryResource(StatefulSet.class));
        RenderedConfig config = RenderedConfig.of(cluster);
        List<SpecProblem> problems = SpecValidator.validate(cluster, config);
        if (!problems.isEmpty()) {
            metrics.reconciled(cluster, 0);
            return rejectInvalidSpec(cluster, context, observed, problems, now);
        }
        int writes = applyChildren(cluster, context, DesiredChildren.of(cluster, config));
        metrics.reconciled(cluster, writes);
        return withStatus(cluster, StatusBuilder.applied(cluster, observed, now));
    }

    @Override
    public DeleteControl cleanup(SessionCluster cluster, Context<SessionCluster> context) {
        // Namespaced children go with their owner reference; the cluster-scoped binding has to be removed by hand.
        new ChildApplier(context).deleteIfPresent(ClusterRoleBinding.class,
                new ResourceID(ClusterNames.of(cluster).nodeReaderBinding()));
        return DeleteControl.defaultDelete();
    }

    /** @return how many children were written */
    private static int applyChildren(SessionCluster cluster, Context<SessionCluster> context, DesiredChildren desired) {
        ChildApplier applier = new ChildApplier(context);
        desired.all().forEach(applier::apply);
        removeUnneededRbac(cluster, applier);
        return applier.writes();
    }

    private static void removeUnneededRbac(SessionCluster cluster, ChildApplier applier) {
        ClusterNames names = ClusterNames.of(cluster);
        if (cluster.getSpec().getHighAvailability().getMode() != HighAvailabilitySpec.Mode.Zone) {
            applier.deleteIfPresent(ClusterRoleBinding.class, new ResourceID(names.nodeReaderBinding()));
        }
        if (!MemberConfigYaml.usesKubernetesApiDiscovery(cluster)) {
            applier.deleteIfPresent(RoleBinding.class, new ResourceID(names.discoveryRole(), names.namespace()));
            applier.deleteIfPresent(Role.class, new ResourceID(names.discoveryRole(), names.namespace()));
            applier.deleteIfPresent(ServiceAccount.class, new ResourceID(names.memberServiceAccount(), names.namespace()));
        }
    }

    /** Leaves every child as it is, reports Degraded, and warns once per distinct problem. */
    private UpdateControl<SessionCluster> rejectInvalidSpec(SessionCluster cluster, Context<SessionCluster> context,
                                                            ClusterObservation observed, List<SpecProblem> problems,
                                                            Instant now) {
        SessionClusterStatus status = StatusBuilder.invalid(cluster, observed, problems, now);
        String previous = degradedMessage(cluster.getStatus());
        String current = degradedMessage(status);
        if (!Objects.equals(previous, current)) {
            new EventRecorder(context.getClient()).record(cluster, EventRecorder.WARNING,
                    StatusBuilder.REASON_INVALID_SPEC, current, now);
        }
        return withStatus(cluster, status);
    }

    private static String degradedMessage(SessionClusterStatus status) {
        if (status == null) {
            return null;
        }
        return Conditions.find(status.getConditions(), ConditionType.Degraded)
                .filter(c -> Conditions.TRUE.equals(c.getStatus()))
                .map(Condition::getMessage)
                .orElse(null);
    }

    /** Patches status only when it changed, and looks again soon while members are still on their way. */
    private static UpdateControl<SessionCluster> withStatus(SessionCluster cluster, SessionClusterStatus status) {
        boolean progressing = Conditions.isTrue(status.getConditions(), ConditionType.Progressing);
        UpdateControl<SessionCluster> control;
        if (status.equals(cluster.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            cluster.setStatus(status);
            control = UpdateControl.patchStatus(cluster);
        }
        return progressing ? control.rescheduleAfter(PROGRESS_CHECK) : control;
    }

    @Override
    public List<EventSource<?, SessionCluster>> prepareEventSources(EventSourceContext<SessionCluster> context) {
        List<EventSource<?, SessionCluster>> sources = new ArrayList<>();
        for (Class<? extends HasMetadata> owned : List.of(StatefulSet.class, ConfigMap.class, Service.class,
                PodDisruptionBudget.class, ServiceAccount.class, Role.class, RoleBinding.class)) {
            sources.add(ownedChildren(owned, context));
        }
        sources.add(informer(Pod.class, context, byInstanceLabel(Optional.empty())));
        sources.add(informer(ClusterRoleBinding.class, context,
                byInstanceLabel(Optional.of(ClusterLabels.OWNER_NAMESPACE))));
        return sources;
    }

    private static <R extends HasMetadata> InformerEventSource<R, SessionCluster> ownedChildren(
            Class<R> type, EventSourceContext<SessionCluster> context) {
        return informer(type, context, Mappers.fromOwnerReferences(SessionCluster.class));
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
