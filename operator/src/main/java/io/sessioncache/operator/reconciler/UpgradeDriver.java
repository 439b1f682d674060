package io.sessioncache.operator.reconciler;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.api.v1alpha1.UpgradeStatus;
import io.sessioncache.operator.model.ClusterLabels;
import io.sessioncache.operator.model.MemberPorts;
import io.sessioncache.operator.model.MemberSet;
import io.sessioncache.operator.model.OperatorPods;
import io.sessioncache.operator.model.UpgradeChildren;
import io.sessioncache.operator.model.UpgradeChildren.VersionedSet;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberView;
import io.sessioncache.operator.status.StatusBuilder;
import io.sessioncache.operator.upgrade.MemberSetClient;
import io.sessioncache.operator.upgrade.SessionCopyJob;
import io.sessioncache.operator.upgrade.UpgradePlanner;
import io.sessioncache.operator.upgrade.UpgradeStep;
import io.sessioncache.operator.upgrade.UpgradeView;
import io.sessioncache.operator.upgrade.UpgradeView.Copy;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Carries a minor-version upgrade one step further per reconcile: observes both member sets, asks
 * {@link UpgradePlanner} for the step, applies what the step needs and returns the status to report. The session copy
 * runs in a {@link SessionCopyJob} per cluster, outside reconciles; everything else is read back from the API server
 * and status each time, so a restarted operator resumes where the last one stopped.
 */
final class UpgradeDriver {

    static final String EVENT_UPGRADING = "Upgrading";
    /** How soon to look again while an upgrade runs: the copy's progress raises no Kubernetes event. */
    static final Duration LOOK_AGAIN = Duration.ofSeconds(1);
    /** While switching, clients may be held by the fence: the moment the last pass ends counts. */
    static final Duration LOOK_AGAIN_SWITCHING = Duration.ofMillis(200);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Numbers the copy's clients: Hazelcast refuses a second client under the name of one still running. */
    private static final AtomicLong CLIENTS = new AtomicLong();

    private final MemberObserver members;
    private final ReconcileMetrics metrics;
    private final UpgradePlanner planner = new UpgradePlanner();
    private final Map<ResourceID, SessionCopyJob> copies = new ConcurrentHashMap<>();

    UpgradeDriver(MemberObserver members, ReconcileMetrics metrics) {
        this.members = members;
        this.metrics = metrics;
    }

    /**
     * An upgrade is recorded in status, or the spec asks for another minor version than the serving set's StatefulSet
     * (what its members run, or roll to: a minor change must never reach the roller).
     */
    static boolean applies(SessionCluster cluster, Optional<StatefulSet> serving) {
        if (cluster.getStatus() != null && cluster.getStatus().getUpgrade() != null) {
            return true;
        }
        return templateVersion(serving).map(running -> !UpgradePlanner.sameMinor(running, cluster.getSpec().getVersion()))
                .orElse(false);
    }

    /**
     * Whether the upgrade can go on: it has begun, or every member of the serving set runs its StatefulSet's version
     * (a patch roll under way ends first; the upgrade copies from one version).
     */
    static boolean readyToStart(SessionCluster cluster, Optional<StatefulSet> serving, ClusterView view) {
        return cluster.getStatus() != null && cluster.getStatus().getUpgrade() != null
                || templateVersion(serving).map(version -> version.equals(view.runningVersions())).orElse(false);
    }

    /** The cluster as its serving set's StatefulSet runs it: the spec at that set's version. */
    static SessionCluster atRunningVersion(SessionCluster cluster, Optional<StatefulSet> serving) {
        return atVersion(cluster, templateVersion(serving).orElseThrow());
    }

    private static Optional<String> templateVersion(Optional<StatefulSet> statefulSet) {
        return statefulSet.map(sts -> sts.getSpec().getTemplate().getMetadata().getLabels().get(ClusterLabels.VERSION));
    }

    /** When to look again after a look that reported {@code status}. */
    static Duration nextLook(SessionClusterStatus status) {
        UpgradeStatus upgrade = status.getUpgrade();
        return upgrade != null && upgrade.getPhase() == UpgradePhase.Switching ? LOOK_AGAIN_SWITCHING : LOOK_AGAIN;
    }

    /** Whether the upgrade recorded in status has begun to move clients: from there it only goes forward. */
    static boolean switchBegun(SessionCluster cluster) {
        UpgradeStatus upgrade = cluster.getStatus() == null ? null : cluster.getStatus().getUpgrade();
        return upgrade != null && (upgrade.getPhase() == UpgradePhase.Switching || upgrade.getPhase() == UpgradePhase.Removing);
    }


    /**
     * The status to report; the step taken is in its conditions.
     *
     * @param serving what was observed of the set that serves clients
     */
    SessionClusterStatus reconcile(SessionCluster cluster, Context<SessionCluster> context, ClusterView serving,
                                   OperatorPods operator, Instant now) {
        ResourceID id = ResourceID.fromResource(cluster);
        Collection<StatefulSet> statefulSets = context.getSecondaryResources(StatefulSet.class);
        UpgradeStatus upgrade = recordedOrNew(cluster, byName(statefulSets, memberSetOf(cluster)));
        MemberSet from = new MemberSet(upgrade.getFromMemberSet());
        MemberSet to = new MemberSet(upgrade.getToMemberSet());
        // The set that serves clients has just been looked at; only the other one needs a look of its own.
        ClusterView oldView = from.equals(MemberSet.serving(cluster)) ? serving : observe(from, statefulSets, context, now);
        ClusterView newView = to.equals(MemberSet.serving(cluster)) ? serving : observe(to, statefulSets, context, now);
        UpgradeView view = new UpgradeView(upgrade.getFromVersion(), cluster.getSpec().getVersion(), upgrade.getToVersion(),
                upgrade.getPhase(), memberSet(from, statefulSets, oldView, context), memberSet(to, statefulSets, newView, context),
                copyOf(id));
        UpgradeStep step = planner.next(view);
        ChildApplier applier = new ChildApplier(context);
        UpgradeStatus next = withCopyProgress(carryOut(cluster, step, upgrade, oldView, newView, applier, operator), copyOf(id));
        announce(cluster, context, step, upgrade, next, now);
        reportCopy(id);
        boolean clientsMoved = next != null ? next.getPhase() == UpgradePhase.Removing : finished(upgrade, step);
        SessionClusterStatus status = StatusBuilder.upgrading(cluster, clientsMoved ? newView : oldView, step, next, now);
        status.setMemberSet(clientsMoved ? to.name() : memberSetOf(cluster));
        return status;
    }

    /** The upgrade with the running copy's counts; as recorded when no copy runs in this process. */
    private static UpgradeStatus withCopyProgress(UpgradeStatus upgrade, Copy copy) {
        if (upgrade == null) {
            return null;
        }
        // A copy: the recorded status is what this look compares the new one with.
        UpgradeStatus counted = upgrade.inPhase(upgrade.getPhase());
        if (copy instanceof Copy.Running running) {
            counted.setSessionsCopied(running.copied());
            counted.setSessionsToCopy(running.toCopy() < 0 ? null : running.toCopy());
        } else if (copy instanceof Copy.CaughtUp caughtUp) {
            counted.setSessionsCopied(caughtUp.copied());
        }
        return counted;
    }

    /** The copy's progress for the cluster's gauges; zeros when none runs. */
    private void reportCopy(ResourceID id) {
        Copy copy = copyOf(id);
        if (copy instanceof Copy.Running running) {
            metrics.upgradeCopy(id, running.copied(), Math.max(running.toCopy(), 0));
        } else if (copy instanceof Copy.CaughtUp caughtUp) {
            metrics.upgradeCopy(id, caughtUp.copied(), caughtUp.copied());
        } else {
            metrics.upgradeCopy(id, 0, 0);
        }
    }

    /** Stops the cluster's copy, when it is deleted. */
    void forget(ResourceID cluster) {
        Optional.ofNullable(copies.remove(cluster)).ifPresent(SessionCopyJob::close);
    }

    /** The upgrade status records, or the one a minor change of the serving set's version starts. */
    private static UpgradeStatus recordedOrNew(SessionCluster cluster, Optional<StatefulSet> serving) {
        UpgradeStatus recorded = cluster.getStatus() == null ? null : cluster.getStatus().getUpgrade();
        if (recorded != null) {
            return recorded;
        }
        String wanted = cluster.getSpec().getVersion();
        return new UpgradeStatus(null, templateVersion(serving).orElseThrow(), wanted, memberSetOf(cluster),
                MemberSet.forVersion(cluster, wanted).name());
    }

    private static String memberSetOf(SessionCluster cluster) {
        return MemberSet.serving(cluster).name();
    }

    private UpgradeStatus carryOut(SessionCluster cluster, UpgradeStep step, UpgradeStatus upgrade, ClusterView oldView,
                                   ClusterView newView, ChildApplier applier, OperatorPods operator) {
        ResourceID id = ResourceID.fromResource(cluster);
        MemberSet from = new MemberSet(upgrade.getFromMemberSet());
        MemberSet to = new MemberSet(upgrade.getToMemberSet());
        VersionedSet old = new VersionedSet(from, upgrade.getFromVersion());
        // The new set runs the version the upgrade goes to, whatever the spec says by now.
        SessionCluster target = atVersion(cluster, upgrade.getToVersion());
        UpgradeChildren beforeSwitch = UpgradeChildren.of(target, Optional.of(old), Optional.of(to), upgrade.getFromVersion(), operator);
        UpgradeChildren afterSwitch = UpgradeChildren.of(target, Optional.empty(), Optional.of(to), upgrade.getToVersion(), operator);
        if (step instanceof UpgradeStep.CreateNewSet) {
            beforeSwitch.all().forEach(applier::apply);
            return upgrade.inPhase(UpgradePhase.Preparing);
        }
        if (step instanceof UpgradeStep.StartCopy) {
            beforeSwitch.all().forEach(applier::apply);
            replaceCopy(id, SessionCopyJob.copy(id.toString(), client(cluster, oldView, "old"), client(cluster, newView, "new"),
                    mapName(cluster)));
            return upgrade.inPhase(UpgradePhase.Copying);
        }
        if (step instanceof UpgradeStep.BeginSwitch) {
            beforeSwitch.all().forEach(applier::apply);
            return upgrade.inPhase(UpgradePhase.Switching);
        }
        if (step instanceof UpgradeStep.FinishCopy) {
            beforeSwitch.all().forEach(applier::apply);
            SessionCopyJob running = copies.get(id);
            if (running != null && running.fullCopy() && running.state() instanceof Copy.CaughtUp) {
                running.finish();
            } else {
                replaceCopy(id, SessionCopyJob.lastPass(id.toString(), client(cluster, oldView, "old"),
                        client(cluster, newView, "new"), mapName(cluster)));
            }
            return upgrade;
        }
        if (step instanceof UpgradeStep.MoveClients) {
            // The client Service turns to the new set first; then the old members stop, and their clients follow. Their
            // pods go at once rather than when the garbage collector gets to them: clients wait on the fence meanwhile.
            afterSwitch.all().forEach(applier::apply);
            applier.deleteIfPresent(StatefulSet.class, new ResourceID(from.statefulSet(), namespace(id)));
            oldView.members().forEach(member -> applier.deletePod(member.name()));
            forget(id);
            return upgrade.inPhase(UpgradePhase.Removing);
        }
        if (step instanceof UpgradeStep.RemoveOldSet) {
            afterSwitch.all().forEach(applier::apply);
            removeSet(applier, from, id);
            return upgrade;
        }
        if (step instanceof UpgradeStep.RemoveNewSet) {
            forget(id);
            UpgradeChildren.of(cluster, Optional.of(old), Optional.empty(), upgrade.getFromVersion(), operator).all()
                    .forEach(applier::apply);
            removeSet(applier, to, id);
            return upgrade;
        }
        if (step instanceof UpgradeStep.Done) {
            forget(id);
            return null;
        }
        // Wait or Halt: keep what the phase has.
        (upgrade.getPhase() == UpgradePhase.Removing ? afterSwitch : beforeSwitch).all().forEach(applier::apply);
        if (step instanceof UpgradeStep.Halt halt && UpgradePlanner.REASON_COPY_FAILED.equals(halt.reason())) {
            // Reported once; the next look starts the copy again.
            forget(id);
        }
        return upgrade.getPhase() == null ? null : upgrade;
    }

    private static SessionCluster atVersion(SessionCluster cluster, String version) {
        if (version.equals(cluster.getSpec().getVersion())) {
            return cluster;
        }
        SessionCluster copy = SERIALIZATION.clone(cluster);
        copy.getSpec().setVersion(version);
        return copy;
    }

    private void replaceCopy(ResourceID id, SessionCopyJob job) {
        Optional.ofNullable(copies.put(id, job)).ifPresent(SessionCopyJob::close);
    }

    private static String namespace(ResourceID id) {
        return id.getNamespace().orElseThrow();
    }

    private static void removeSet(ChildApplier applier, MemberSet set, ResourceID id) {
        String namespace = namespace(id);
        applier.deleteIfPresent(StatefulSet.class, new ResourceID(set.statefulSet(), namespace));
        applier.deleteIfPresent(Service.class, new ResourceID(set.membersService(), namespace));
        applier.deleteIfPresent(ConfigMap.class, new ResourceID(set.memberConfigMap(), namespace));
    }

    /** Whether the upgrade ended with clients on the new set, rather than undone. */
    private static boolean finished(UpgradeStatus upgrade, UpgradeStep step) {
        return step instanceof UpgradeStep.Done && upgrade.getPhase() == UpgradePhase.Removing;
    }

    private Copy copyOf(ResourceID id) {
        SessionCopyJob job = copies.get(id);
        return job == null ? new Copy.NotStarted() : job.state();
    }

    private ClusterView observe(MemberSet set, Collection<StatefulSet> statefulSets, Context<SessionCluster> context, Instant now) {
        return byName(statefulSets, set.statefulSet()).map(sts -> members.observeSet(sts, context, now))
                .orElseGet(() -> ClusterView.nothingYet(now));
    }

    private static UpgradeView.MemberSet memberSet(MemberSet set, Collection<StatefulSet> statefulSets, ClusterView view,
                                                   Context<SessionCluster> context) {
        Optional<StatefulSet> sts = byName(statefulSets, set.statefulSet());
        int pods = (int) context.getSecondaryResources(Pod.class).stream()
                .filter(pod -> pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> "StatefulSet".equals(ref.getKind()) && set.statefulSet().equals(ref.getName())))
                .count();
        boolean exists = sts.isPresent() && sts.get().getMetadata().getDeletionTimestamp() == null;
        int ready = (int) view.members().stream().filter(m -> m.ready() && !m.terminating()).count();
        return new UpgradeView.MemberSet(exists, exists ? sts.get().getSpec().getReplicas() : 0, pods, ready,
                Boolean.TRUE.equals(view.clusterSafe()));
    }

    private static Optional<StatefulSet> byName(Collection<StatefulSet> statefulSets, String name) {
        return statefulSets.stream().filter(sts -> name.equals(sts.getMetadata().getName())).findFirst();
    }

    /** Connects, when the copy asks, to the members of one set by their pod addresses, as they are at this look. */
    private static Supplier<HazelcastInstance> client(SessionCluster cluster, ClusterView set, String which) {
        List<String> addresses = set.members().stream().map(MemberView::podIp).filter(ip -> ip != null && !ip.isBlank())
                .map(ip -> ip + ":" + MemberPorts.MEMBER).toList();
        // A job replacing another may connect before the one it replaces has shut its clients down: names must differ.
        String name = "sessioncache-copy-%s-%s-%s-%d".formatted(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(),
                which, CLIENTS.incrementAndGet());
        return () -> MemberSetClient.connect(cluster.getMetadata().getName(), addresses, name);
    }

    private static String mapName(SessionCluster cluster) {
        return cluster.getSpec().getSessions().getMapName();
    }

    /** One event per step that changes something, and one for a halt (the reconciler's usual once-per-reason rule). */
    private static void announce(SessionCluster cluster, Context<SessionCluster> context, UpgradeStep step, UpgradeStatus before,
                                 UpgradeStatus after, Instant now) {
        boolean phaseChanged = after == null ? before.getPhase() != null
                : before.getPhase() != after.getPhase();
        EventRecorder events = new EventRecorder(context.getClient());
        if (step instanceof UpgradeStep.Halt halt) {
            if (!halt.reason().equals(StatusBuilder.degradedReason(cluster.getStatus()))) {
                events.record(cluster, EventRecorder.WARNING, halt.reason(), halt.message(), now);
            }
        } else if (phaseChanged || step instanceof UpgradeStep.StartCopy || step instanceof UpgradeStep.FinishCopy) {
            String message = step instanceof UpgradeStep.Done
                    ? (finished(before, step) ? "upgrade to %s finished: clients use the new member set and the old one is gone"
                            .formatted(before.getToVersion())
                            : "upgrade to %s undone: clients stay on %s".formatted(before.getToVersion(), before.getFromVersion()))
                    : "%s -> %s: %s".formatted(before.getFromVersion(), before.getToVersion(), step.message());
            events.record(cluster, EventRecorder.NORMAL, EVENT_UPGRADING, message, now);
        }
    }
}
