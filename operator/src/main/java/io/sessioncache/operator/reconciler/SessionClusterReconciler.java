package io.sessioncache.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.model.ClusterNames;
import io.sessioncache.operator.model.DesiredChildren;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.model.MemberNetworkPolicy;
import io.sessioncache.operator.model.MemberSet;
import io.sessioncache.operator.model.OperatorPods;
import io.sessioncache.operator.model.RenderedConfig;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberPlanner;
import io.sessioncache.operator.roll.MemberStep;
import io.sessioncache.operator.roll.MemberHealthProbe;
import io.sessioncache.operator.roll.RollTimeouts;
import io.sessioncache.operator.status.ConditionType;
import io.sessioncache.operator.status.Conditions;
import io.sessioncache.operator.status.StatusBuilder;
import io.sessioncache.operator.validation.RunningMembers;
import io.sessioncache.operator.validation.SpecProblem;
import io.sessioncache.operator.validation.SpecValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * observe -> validate -> plan one member step -> apply children -> carry the step out -> status. Each is a named
 * method; the work lives in the pure builders and the planner. The reconciler never waits: it takes one step and looks
 * again soon.
 */
@ControllerConfiguration(name = SessionClusterReconciler.NAME)
public class SessionClusterReconciler implements Reconciler<SessionCluster>, Cleaner<SessionCluster> {

    public static final String NAME = "sessioncluster";
    public static final String EVENT_RESTARTING_MEMBER = "RestartingMember";
    public static final String EVENT_SCALING = "Scaling";
    public static final String EVENT_EVICTIONS_PAUSED = "EvictionsPaused";
    public static final String EVENT_NETWORK_ACCESS_CHANGED = "NetworkAccessChanged";
    /**
     * While a step is in flight, look again soon: the end of a migration raises no Kubernetes event (pod changes do, and
     * wake the reconciler at once), and each look is a few cache reads and one small HTTP call per member.
     */
    static final Duration IN_FLIGHT_CHECK = Duration.ofMillis(500);
    /** While halted or degraded, look again now and then: a person or the cluster itself has to act first. */
    static final Duration PROGRESS_CHECK = Duration.ofSeconds(2);
    /** While steady, look at the members now and then, so status.clusterSafe does not go stale. */
    static final Duration STEADY_CHECK = Duration.ofMinutes(2);
    /** Longest error text put in a condition and an event; API server errors can carry whole objects. */
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final Logger LOG = Logger.getLogger(SessionClusterReconciler.class);

    private final ReconcileMetrics metrics;
    private final MemberObserver members;
    private final MemberPlanner planner;
    private final UpgradeDriver upgrades;
    private final OperatorPods operatorPods;

    public SessionClusterReconciler(ReconcileMetrics metrics, MemberHealthProbe probe,
                                    @ConfigProperty(name = "sessioncache.roll.member-ready-timeout", defaultValue = "PT5M")
                                    Duration memberReadyTimeout,
                                    @ConfigProperty(name = "sessioncache.roll.cluster-safe-timeout", defaultValue = "PT10M")
                                    Duration clusterSafeTimeout,
                                    @ConfigProperty(name = "sessioncache.roll.cluster-safe-settle", defaultValue = "PT1S")
                                    Duration clusterSafeSettle,
                                    @ConfigProperty(name = "sessioncache.network-policy.operator-namespace")
                                    Optional<String> operatorNamespace,
                                    @ConfigProperty(name = "sessioncache.network-policy.operator-pod-labels",
                                            defaultValue = OperatorPods.DEFAULT_LABELS)
                                    String operatorPodLabels) {
        this.metrics = metrics;
        this.operatorPods = OperatorPods.of(operatorNamespace, operatorPodLabels);
        this.members = new MemberObserver(probe);
        this.upgrades = new UpgradeDriver(members, metrics);
        this.planner = new MemberPlanner(new RollTimeouts(memberReadyTimeout, clusterSafeTimeout, clusterSafeSettle));
    }

    @Override
    public UpdateControl<SessionCluster> reconcile(SessionCluster cluster, Context<SessionCluster> context) {
        if (!SessionClusterEventSources.allRunning(context)) {
            return stopping(cluster);
        }
        Instant now = Instant.now();
        if (cluster.getSpec() == null) {
            // A SessionCluster applied without spec runs on the defaults; only this in-memory copy gets them.
            cluster.setSpec(new SessionClusterSpec());
        }
        Optional<StatefulSet> statefulSet = servingStatefulSet(cluster, context);
        ClusterView view = members.observe(statefulSet, context, now);
        if (UpgradeDriver.switchBegun(cluster)) {
            // Past the point of no return: clients may already be held by the fence, so no spec problem stops it.
            return upgrade(cluster, context, view, now);
        }
        RenderedConfig config = RenderedConfig.of(cluster);
        List<SpecProblem> problems = SpecValidator.validate(cluster, config,
                RunningMembers.of(cluster, statefulSet, context.getSecondaryResources(ConfigMap.class)));
        if (!problems.isEmpty()) {
            metrics.reconciled(cluster, 0, now);
            return rejectInvalidSpec(cluster, context, view, problems, now);
        }
        boolean minorChange = UpgradeDriver.applies(cluster, statefulSet);
        if (minorChange && UpgradeDriver.readyToStart(cluster, statefulSet, view)) {
            return upgrade(cluster, context, view, now);
        }
        // A minor change asked for while members roll to a patch version: that roll ends first, at its own version.
        SessionCluster building = minorChange ? UpgradeDriver.atRunningVersion(cluster, statefulSet) : cluster;
        MemberStep step = planner.next(cluster.getSpec().getReplicas(), view);
        boolean evictionsAllowed = planner.allowsEvictions(view, step);
        ChildApplier applier = applyChildren(cluster, context,
                DesiredChildren.of(building, config, memberCount(step, view), evictionsAllowed, operatorPods));
        if (view.disruptionBudget().open() && !evictionsAllowed) {
            announceEvictionsPaused(cluster, context, step, now);
        }
        carryOut(cluster, context, step, view, applier, now);
        metrics.reconciled(cluster, applier.writes(), now);
        SessionClusterStatus status = StatusBuilder.applied(cluster, view, step, now);
        status.setNetworkAccess(MemberNetworkPolicy.describeAccess(cluster, operatorPods));
        announceNetworkAccess(cluster, context, status, now);
        return withStatus(cluster, status, nextLook(status, step, evictionsAllowed));
    }

    /**
     * Any failure of a reconcile ends as Degraded with the error and a Warning event (once per distinct error), never in
     * silence; retries go on as usual.
     */
    @Override
    public ErrorStatusUpdateControl<SessionCluster> updateErrorStatus(SessionCluster cluster, Context<SessionCluster> context,
                                                                      Exception e) {
        if (!SessionClusterEventSources.allRunning(context)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        metrics.failed(cluster);
        String error = describe(e);
        Instant now = Instant.now();
        if (!error.equals(degradedMessage(cluster.getStatus()))) {
            new EventRecorder(context.getClient()).record(cluster, EventRecorder.WARNING, StatusBuilder.REASON_RECONCILE_FAILED,
                    error, now);
        }
        if (cluster.getSpec() == null) {
            cluster.setSpec(new SessionClusterSpec());
        }
        SessionClusterStatus status = StatusBuilder.failed(cluster, error, now);
        metrics.reported(cluster, status);
        if (status.equals(cluster.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        cluster.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(cluster);
    }

    @Override
    public DeleteControl cleanup(SessionCluster cluster, Context<SessionCluster> context) {
        members.forget(ResourceID.fromResource(cluster));
        upgrades.forget(ResourceID.fromResource(cluster));
        metrics.forget(cluster);
        // Namespaced children go with their owner reference; the cluster-scoped binding has to be removed by hand.
        new ChildApplier(context).deleteIfPresent(ClusterRoleBinding.class,
                new ResourceID(ClusterNames.of(cluster).nodeReaderBinding()));
        return DeleteControl.defaultDelete();
    }

    @Override
    public List<EventSource<?, SessionCluster>> prepareEventSources(EventSourceContext<SessionCluster> context) {
        return SessionClusterEventSources.of(context);
    }

    /** The operator is stopping and its caches no longer tell what exists: touch nothing; the next process takes over. */
    private static UpdateControl<SessionCluster> stopping(SessionCluster cluster) {
        LOG.infof("not reconciling %s/%s: the operator is stopping", cluster.getMetadata().getNamespace(),
                cluster.getMetadata().getName());
        return UpdateControl.noUpdate();
    }

    /** The StatefulSet of the member set that serves clients (the operator may own a second one during an upgrade). */
    private static Optional<StatefulSet> servingStatefulSet(SessionCluster cluster, Context<SessionCluster> context) {
        String name = MemberSet.serving(cluster).statefulSet();
        return context.getSecondaryResources(StatefulSet.class).stream()
                .filter(sts -> name.equals(sts.getMetadata().getName())).findFirst();
    }

    /** One step of a minor-version upgrade; looks again soon, since the copy's progress raises no event. */
    private UpdateControl<SessionCluster> upgrade(SessionCluster cluster, Context<SessionCluster> context, ClusterView view,
                                                  Instant now) {
        SessionClusterStatus status = upgrades.reconcile(cluster, context, view, operatorPods, now);
        status.setNetworkAccess(MemberNetworkPolicy.describeAccess(cluster, operatorPods));
        metrics.reconciled(cluster, 0, now);
        return withStatus(cluster, status, UpgradeDriver.nextLook(status));
    }

    /** The StatefulSet's replicas: the step's when it scales, else what the StatefulSet already has. */
    private static int memberCount(MemberStep step, ClusterView view) {
        if (step instanceof MemberStep.ScaleTo scale) {
            return scale.members();
        }
        return view.statefulSet().replicas();
    }

    private static ChildApplier applyChildren(SessionCluster cluster, Context<SessionCluster> context, DesiredChildren desired) {
        ChildApplier applier = new ChildApplier(context);
        desired.all().forEach(applier::apply);
        removeUnneededChildren(cluster, applier);
        return applier;
    }

    /**
     * Deletes the member the step names, unless this reconcile changed the StatefulSet (what was observed of its pods is
     * stale then), and records an event for what was done, or once for a halt.
     */
    private static void carryOut(SessionCluster cluster, Context<SessionCluster> context, MemberStep step, ClusterView view,
                                 ChildApplier applier, Instant now) {
        EventRecorder events = new EventRecorder(context.getClient());
        if (step instanceof MemberStep.Delete delete && !applier.statefulSetWritten()) {
            // The pod's grace period lets Hazelcast's GRACEFUL shutdown hand its partitions over.
            applier.deletePod(delete.pod());
            events.record(cluster, EventRecorder.NORMAL, EVENT_RESTARTING_MEMBER, delete.message(), now);
        } else if (step instanceof MemberStep.ScaleTo scale && view.statefulSet().exists()
                && scale.members() != view.statefulSet().replicas()) {
            events.record(cluster, EventRecorder.NORMAL, EVENT_SCALING, scale.message(), now);
        } else if (step instanceof MemberStep.Halt halt && !halt.reason().equals(StatusBuilder.degradedReason(cluster.getStatus()))) {
            events.record(cluster, EventRecorder.WARNING, halt.reason(), halt.message(), now);
        }
    }

    /** One event each time the budget closes, saying why a drain now waits. */
    private static void announceEvictionsPaused(SessionCluster cluster, Context<SessionCluster> context, MemberStep step,
                                                Instant now) {
        String why = step instanceof MemberStep.Steady ? "it has only just become safe" : step.message();
        new EventRecorder(context.getClient()).record(cluster, EventRecorder.NORMAL, EVENT_EVICTIONS_PAUSED,
                "node drains and other evictions wait until the cluster is safe again: " + why, now);
    }

    /** One event each time who may reach the members changes, and when the cluster is created. */
    private static void announceNetworkAccess(SessionCluster cluster, Context<SessionCluster> context,
                                              SessionClusterStatus status, Instant now) {
        String previous = cluster.getStatus() == null ? null : cluster.getStatus().getNetworkAccess();
        if (!status.getNetworkAccess().equals(previous)) {
            new EventRecorder(context.getClient()).record(cluster, EventRecorder.NORMAL, EVENT_NETWORK_ACCESS_CHANGED,
                    status.getNetworkAccess(), now);
        }
    }

    private static void removeUnneededChildren(SessionCluster cluster, ChildApplier applier) {
        ClusterNames names = ClusterNames.of(cluster);
        if (!cluster.getSpec().getNetworkPolicy().isEnabled()) {
            applier.deleteIfPresent(NetworkPolicy.class, new ResourceID(names.networkPolicy(), names.namespace()));
        }
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
                                                            ClusterView view, List<SpecProblem> problems, Instant now) {
        SessionClusterStatus status = StatusBuilder.invalid(cluster, view, problems, now);
        String previous = degradedMessage(cluster.getStatus());
        String current = degradedMessage(status);
        if (!Objects.equals(previous, current)) {
            new EventRecorder(context.getClient()).record(cluster, EventRecorder.WARNING,
                    problems.get(0).reason(), current, now);
        }
        return withStatus(cluster, status, nextLook(status, new MemberStep.Steady(), true));
    }

    private static String degradedMessage(SessionClusterStatus status) {
        return StatusBuilder.degraded(status).map(Condition::getMessage).orElse(null);
    }

    /** The error as a user can act on it: its type and message, and the cause's when they add something. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (e.getMessage() == null || !e.getMessage().contains(cause.getMessage()))) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return text.length() <= MAX_ERROR_LENGTH ? text.toString() : text.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }

    /** Patches status only when it changed, and looks again after {@code nextLook}. The gauges show it either way. */
    private UpdateControl<SessionCluster> withStatus(SessionCluster cluster, SessionClusterStatus status, Duration nextLook) {
        metrics.reported(cluster, status);
        UpdateControl<SessionCluster> control;
        if (status.equals(cluster.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            cluster.setStatus(status);
            control = UpdateControl.patchStatus(cluster);
        }
        return control.rescheduleAfter(nextLook);
    }

    /**
     * When to look again: when the planner says (a step that waits on a member's own pod backs off, its events wake the
     * reconciler anyway); else soon while members are on their way ({@link #IN_FLIGHT_CHECK}) or while a steady cluster
     * has not yet been safe long enough to open its disruption budget; after {@link #PROGRESS_CHECK} while halted,
     * degraded or otherwise progressing; after {@link #STEADY_CHECK} when steady.
     */
    static Duration nextLook(SessionClusterStatus status, MemberStep step, boolean evictionsAllowed) {
        if (step instanceof MemberStep.Wait wait) {
            return wait.lookAgainIn() == null ? IN_FLIGHT_CHECK : wait.lookAgainIn();
        }
        if (step instanceof MemberStep.Halt halt && halt.lookAgainIn() != null) {
            return halt.lookAgainIn();
        }
        if (step instanceof MemberStep.Steady && !evictionsAllowed) {
            return IN_FLIGHT_CHECK;
        }
        boolean progressing = Conditions.isTrue(status.getConditions(), ConditionType.Progressing)
                || Conditions.isTrue(status.getConditions(), ConditionType.Degraded);
        return progressing ? PROGRESS_CHECK : STEADY_CHECK;
    }
}
