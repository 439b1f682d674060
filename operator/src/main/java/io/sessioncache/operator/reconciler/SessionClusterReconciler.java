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
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.model.DesiredChildren;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.model.RenderedConfig;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberHealthProbe;
import io.sessioncache.operator.roll.RollDecision;
import io.sessioncache.operator.roll.RollPlanner;
import io.sessioncache.operator.roll.RollTimeouts;
import io.sessioncache.operator.roll.ScalePlanner;
import io.sessioncache.operator.status.ClusterObservation;
import io.sessioncache.operator.status.ConditionType;
import io.sessioncache.operator.status.Conditions;
import io.sessioncache.operator.status.StatusBuilder;
import io.sessioncache.operator.validation.RunningMembers;
import io.sessioncache.operator.validation.SpecProblem;
import io.sessioncache.operator.validation.SpecValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * observe -> validate -> apply children -> one roll step -> status. Each step is a named method; the work lives in the
 * pure builders and planners. The reconciler never waits: it takes one step and looks again soon.
 */
@ControllerConfiguration(name = SessionClusterReconciler.NAME)
public class SessionClusterReconciler implements Reconciler<SessionCluster>, Cleaner<SessionCluster> {

    public static final String NAME = "sessioncluster";
    /**
     * While members change, look again soon: the end of a migration raises no Kubernetes event, and each look is a few
     * cache reads and one small HTTP call per member.
     */
    static final Duration PROGRESS_CHECK = Duration.ofSeconds(2);
    /** While steady, look at the members now and then, so status.clusterSafe does not go stale. */
    static final Duration STEADY_CHECK = Duration.ofMinutes(2);

    private final ReconcileMetrics metrics;
    private final MemberObserver members;
    private final RollPlanner planner;

    public SessionClusterReconciler(ReconcileMetrics metrics, MemberHealthProbe probe,
                                    @ConfigProperty(name = "sessioncache.roll.member-ready-timeout", defaultValue = "PT5M")
                                    Duration memberReadyTimeout,
                                    @ConfigProperty(name = "sessioncache.roll.cluster-safe-timeout", defaultValue = "PT10M")
                                    Duration clusterSafeTimeout) {
        this.metrics = metrics;
        this.members = new MemberObserver(probe);
        this.planner = new RollPlanner(new RollTimeouts(memberReadyTimeout, clusterSafeTimeout));
    }

    @Override
    public UpdateControl<SessionCluster> reconcile(SessionCluster cluster, Context<SessionCluster> context) {
        Instant now = Instant.now();
        if (cluster.getSpec() == null) {
            // A SessionCluster applied without spec runs on the defaults; only this in-memory copy gets them.
            cluster.setSpec(new SessionClusterSpec());
        }
        Optional<StatefulSet> statefulSet = context.getSecondaryResource(StatefulSet.class);
        ClusterObservation observed = ClusterObservation.of(statefulSet);
        RenderedConfig config = RenderedConfig.of(cluster);
        List<SpecProblem> problems = SpecValidator.validate(cluster, config,
                RunningMembers.of(cluster, statefulSet, context.getSecondaryResources(ConfigMap.class)));
        if (!problems.isEmpty()) {
            metrics.reconciled(cluster, 0);
            return rejectInvalidSpec(cluster, context, observed, problems, now);
        }
        Optional<ClusterView> view = statefulSet.map(sts -> members.observe(sts, context, now));
        RollDecision decision = view.map(planner::decide).orElse(new RollDecision.Wait("creating the members"));
        int memberTarget = ScalePlanner.statefulSetReplicas(cluster.getSpec().getReplicas(),
                statefulSet.map(sts -> sts.getSpec().getReplicas()).orElse(null), decision);
        ChildApplier applier = applyChildren(cluster, context, DesiredChildren.of(cluster, config, memberTarget));
        boolean statefulSetSettled = !applier.statefulSetWritten() && observed.statefulSetObserved();
        if (decision instanceof RollDecision.Restart restart && statefulSetSettled
                && memberTarget == statefulSet.get().getSpec().getReplicas()) {
            restartMember(cluster, context, restart, applier, now);
        }
        recordHalt(cluster, context, decision, now);
        metrics.reconciled(cluster, applier.writes());
        Boolean clusterSafe = view.map(MemberObserver::clusterSafe).orElse(null);
        return withStatus(cluster, StatusBuilder.applied(cluster, observed, decision, memberTarget, clusterSafe, now));
    }

    @Override
    public DeleteControl cleanup(SessionCluster cluster, Context<SessionCluster> context) {
        // Namespaced children go with their owner reference; the cluster-scoped binding has to be removed by hand.
        new ChildApplier(context).deleteIfPresent(ClusterRoleBinding.class,
                new ResourceID(ClusterNames.of(cluster).nodeReaderBinding()));
        return DeleteControl.defaultDelete();
    }

    private static ChildApplier applyChildren(SessionCluster cluster, Context<SessionCluster> context, DesiredChildren desired) {
        ChildApplier applier = new ChildApplier(context);
        desired.all().forEach(applier::apply);
        removeUnneededRbac(cluster, applier);
        return applier;
    }

    /** Deletes one member pod; its grace period lets Hazelcast's GRACEFUL shutdown hand its partitions over. */
    private static void restartMember(SessionCluster cluster, Context<SessionCluster> context, RollDecision.Restart restart,
                                      ChildApplier applier, Instant now) {
        applier.deletePod(restart.pod());
        new EventRecorder(context.getClient()).record(cluster, EventRecorder.NORMAL, "RestartingMember", restart.message(), now);
    }

    /** A halted roll warns once, when it halts; the condition keeps saying so until it recovers. */
    private static void recordHalt(SessionCluster cluster, Context<SessionCluster> context, RollDecision decision, Instant now) {
        if (decision instanceof RollDecision.Halt halt && !halt.message().equals(degradedMessage(cluster.getStatus()))) {
            new EventRecorder(context.getClient()).record(cluster, EventRecorder.WARNING, halt.reason(), halt.message(), now);
        }
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
                    problems.get(0).reason(), current, now);
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
        boolean progressing = Conditions.isTrue(status.getConditions(), ConditionType.Progressing)
                || Conditions.isTrue(status.getConditions(), ConditionType.Degraded);
        UpdateControl<SessionCluster> control;
        if (status.equals(cluster.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            cluster.setStatus(status);
            control = UpdateControl.patchStatus(cluster);
        }
        return control.rescheduleAfter(progressing ? PROGRESS_CHECK : STEADY_CHECK);
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
