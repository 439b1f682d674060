package io.sessioncache.e2e.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sessioncache.controlplane.AuditLog;
import io.sessioncache.controlplane.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A change watched two ways: the member-removing writes the API server's audit log records from the mark on (the
 * operator's, and the evictions of the users named), and the member health an independent sampler saw meanwhile.
 * {@link #removals()} and {@link #assertEveryRemovalSafe()} read the log when called.
 */
public final class AuditedChange implements AutoCloseable {

    /** How long a start may wait for the first health answer of every member. */
    private static final Duration FIRST_ANSWERS_TIMEOUT = Duration.ofSeconds(30);

    private final AuditLog audit;
    private final String namespace;
    private final String cluster;
    private final long mark;
    private final int initialReplicas;
    private final MemberHealthSampler sampler;
    private final Set<String> evictors;

    private AuditedChange(AuditLog audit, String namespace, String cluster, int initialReplicas, MemberHealthSampler sampler,
                          Set<String> evictors) {
        this.evictors = evictors;
        this.audit = audit;
        this.namespace = namespace;
        this.cluster = cluster;
        this.mark = audit.mark();
        this.initialReplicas = initialReplicas;
        this.sampler = sampler;
    }

    /**
     * Marks the audit log and starts sampling, and returns once every member has answered the sampler; sampling stops at
     * {@link #close()} or after {@code maxDuration}.
     */
    public static AuditedChange start(KubernetesClient client, AuditLog audit, String namespace, String cluster, int replicas,
                                      Duration maxDuration) {
        return start(client, audit, namespace, cluster, replicas, maxDuration, Set.of());
    }

    /** As {@link #start}, counting the evictions of every user in {@code evictors} too (e.g. whoever drains nodes). */
    public static AuditedChange start(KubernetesClient client, AuditLog audit, String namespace, String cluster, int replicas,
                                      Duration maxDuration, Set<String> evictors) {
        AuditedChange change = new AuditedChange(audit, namespace, cluster, replicas,
                MemberHealthSampler.start(client, namespace, cluster, maxDuration), evictors);
        try {
            return change.awaitEveryMemberSampled();
        } catch (RuntimeException | AssertionError e) {
            change.close();
            throw e;
        }
    }

    /**
     * Waits, bounded, until the sampler has a fresh health answer from every member: a removal made the moment a change
     * starts (a drain's first eviction through an open budget) is then judged on what the members were, not on a
     * sampler that has not heard from them yet.
     */
    private AuditedChange awaitEveryMemberSampled() {
        Instant deadline = Instant.now().plus(FIRST_ANSWERS_TIMEOUT);
        while (!everyMemberSampled()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no fresh health answer from every member of " + cluster + " within "
                        + FIRST_ANSWERS_TIMEOUT + ": " + sampler.timeline().before(Instant.now()).values());
            }
            Pause.of(MemberHealthSampler.INTERVAL);
        }
        return this;
    }

    private boolean everyMemberSampled() {
        Map<String, MemberSample> seen = sampler.timeline().before(Instant.now());
        return IntStream.range(0, initialReplicas).mapToObj(ordinal -> seen.get(cluster + "-" + ordinal))
                .allMatch(sample -> sample != null && sample.healthAge() != null
                        && sample.healthAge().compareTo(RemovalGate.FRESH) <= 0);
    }

    public MemberRemovals removals() {
        return MemberRemovals.of(audit.entriesSince(mark), namespace, cluster, initialReplicas, evictors);
    }

    /** Prints every removal with the health seen before it, then fails on any made from a cluster that could not afford it. */
    public MemberRemovals assertEveryRemovalSafe() {
        MemberRemovals found = removals();
        RemovalGate gate = new RemovalGate(cluster, sampler.timeline());
        System.out.print(gate.table(found.removals()));
        List<String> violations = gate.violations(found.removals());
        assertThat(violations).as("member removals made while the cluster could not afford them").isEmpty();
        return found;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
