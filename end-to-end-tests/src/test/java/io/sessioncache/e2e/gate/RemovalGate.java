package io.sessioncache.e2e.gate;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The safety rule checked after the fact: each member-removing write must have been made from a cluster that could
 * afford it, as an independent sampler saw it just before the write (pods as the API server had them at the write,
 * {@link MemberTimeline#at}; health as last answered before it). Every member other than the one removed Ready,
 * ACTIVE, cluster-safe and reporting the full cluster size; one member per write; and the previous removal finished
 * (its pod replaced by a Ready one, or gone for a replicas decrease).
 */
public final class RemovalGate {

    /** How old a member's last health answer before a write may be and still tell what it was at the write. */
    public static final Duration FRESH = Duration.ofMillis(2500);

    private final String cluster;
    private final MemberTimeline timeline;

    public RemovalGate(String cluster, MemberTimeline timeline) {
        this.cluster = cluster;
        this.timeline = timeline;
    }

    /** Every way the removals broke the rule, each naming its write; empty when all were made safely. */
    public List<String> violations(List<MemberRemoval> removals) {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < removals.size(); i++) {
            MemberRemoval removal = removals.get(i);
            Optional<MemberRemoval> previous = i == 0 ? Optional.empty() : Optional.of(removals.get(i - 1));
            problems(removal, previous).forEach(problem -> violations.add(removal.write() + ": " + problem));
        }
        return violations;
    }

    private List<String> problems(MemberRemoval removal, Optional<MemberRemoval> previous) {
        List<String> problems = new ArrayList<>();
        if (removal.membersRemoved() != 1) {
            problems.add("removes " + removal.membersRemoved() + " members at once");
        }
        Map<String, MemberSample> seen = timeline.at(removal);
        for (String other : others(removal)) {
            MemberSample sample = seen.get(other);
            if (sample == null) {
                problems.add(other + " missing");
            } else if (sample.healthAge() == null || sample.healthAge().compareTo(FRESH) > 0) {
                problems.add("%s: no health answer in the %d ms before it".formatted(other, FRESH.toMillis()));
            } else if (!sample.ready() || sample.terminating() || !sample.health().activeAndSafe()
                    || sample.health().clusterSize() != removal.replicasBefore()) {
                problems.add("%s was %s (expected Ready, ACTIVE, safe, size %d)".formatted(other, sample, removal.replicasBefore()));
            }
        }
        previous.flatMap(p -> unfinished(p, seen)).ifPresent(problems::add);
        return problems;
    }

    /** The members that must be serving while {@code removal.member()} goes: every other ordinal of the StatefulSet. */
    private List<String> others(MemberRemoval removal) {
        List<String> others = new ArrayList<>();
        for (int ordinal = 0; ordinal < removal.replicasBefore(); ordinal++) {
            String name = cluster + "-" + ordinal;
            if (!name.equals(removal.member())) {
                others.add(name);
            }
        }
        return others;
    }

    private Optional<String> unfinished(MemberRemoval previous, Map<String, MemberSample> seen) {
        MemberSample now = seen.get(previous.member());
        if (previous.kind() == MemberRemoval.Kind.REPLICAS_DECREASE) {
            return now == null ? Optional.empty()
                    : Optional.of("the previous removal (%s) had not finished: %s still there".formatted(previous.write(), now));
        }
        MemberSample removed = timeline.at(previous).get(previous.member());
        String removedUid = removed == null ? null : removed.uid();
        if (now == null || now.uid().equals(removedUid) || !now.ready()) {
            return Optional.of("the previous removal (%s) had not finished: %s".formatted(previous.write(),
                    now == null ? previous.member() + " not recreated yet" : now.uid().equals(removedUid) ? "the old pod still there" : now));
        }
        return Optional.empty();
    }

    /** One line per removal with every member's state as last seen before it. */
    public String table(List<MemberRemoval> removals) {
        StringBuilder table = new StringBuilder("member-removing writes by the operator, with the members as seen just before each:\n");
        for (MemberRemoval removal : removals) {
            table.append("  %s  %-48s  ".formatted(LocalTime.ofInstant(removal.at(), ZoneOffset.UTC), removal.write()));
            table.append(timeline.before(removal.at()).values().stream().map(MemberSample::toString).collect(Collectors.joining(" | ")));
            table.append('\n');
        }
        return table.toString();
    }
}
