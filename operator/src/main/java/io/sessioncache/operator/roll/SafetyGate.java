package io.sessioncache.operator.roll;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rule every removal passes, over the members the planner gives it (all of them when a Ready member goes, every
 * other member when one that is not Ready goes): all serving, all ACTIVE members of one ACTIVE Hazelcast cluster of an
 * accepted size, with no migration running and every backup in sync.
 */
final class SafetyGate {

    private SafetyGate() {
    }

    /**
     * Why {@code members} are not one safe cluster, in words; empty when they are.
     *
     * @param acceptedSizes cluster sizes the members may report (for an unready member's removal: with or without it)
     */
    static Optional<String> blocker(List<MemberView> members, Set<Integer> acceptedSizes) {
        List<String> problems = new ArrayList<>();
        for (MemberView member : members) {
            if (!member.serving()) {
                problems.add(member.name() + " is not Ready");
            } else if (!member.health().safe()) {
                problems.add(member.name() + " " + member.health().unsafeBecause());
            }
        }
        if (problems.isEmpty()) {
            sizeProblem(members, acceptedSizes).ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
    }

    private static Optional<String> sizeProblem(List<MemberView> members, Set<Integer> acceptedSizes) {
        Set<Integer> sizes = members.stream().map(m -> m.health().clusterSize()).collect(Collectors.toCollection(TreeSet::new));
        if (sizes.size() > 1) {
            return Optional.of("members disagree on the cluster size (" + members.stream()
                    .map(m -> m.name() + " sees " + m.health().clusterSize()).collect(Collectors.joining(", ")) + ")");
        }
        if (!sizes.isEmpty() && !acceptedSizes.contains(sizes.iterator().next())) {
            return Optional.of("members see %d members, expected %s".formatted(sizes.iterator().next(),
                    acceptedSizes.stream().sorted().map(String::valueOf).collect(Collectors.joining(" or "))));
        }
        return Optional.empty();
    }
}
