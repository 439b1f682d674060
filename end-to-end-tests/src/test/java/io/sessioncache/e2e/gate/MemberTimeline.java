package io.sessioncache.e2e.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** Every pod change and health answer of one cluster's members, with times; tells what the members were at any moment. */
public record MemberTimeline(List<PodState> pods, List<HealthSample> health) {

    public MemberTimeline {
        pods = pods.stream().sorted(Comparator.comparing(PodState::at)).toList();
        health = health.stream().sorted(Comparator.comparing(HealthSample::at)).toList();
    }

    /** Each member pod that existed just before {@code moment}, with its last health answer before then. */
    public Map<String, MemberSample> before(Instant moment) {
        return members(pod -> pod.at().isBefore(moment), moment);
    }

    /**
     * Each member pod as the API server had it when {@code removal} was written, with its last health answer before the
     * write. A watch delivers a change some milliseconds after the API server made it, so a member that turned Ready just
     * before the write can arrive just after it: pod changes are placed by resourceVersion wherever the removal has one
     * (a replicas write's own; for a delete or eviction, the version at which the removed pod began terminating), and by
     * arrival otherwise.
     */
    public Map<String, MemberSample> at(MemberRemoval removal) {
        OptionalLong version = removal.version() > 0 ? OptionalLong.of(removal.version()) : terminationVersion(removal);
        if (version.isEmpty()) {
            return before(removal.at());
        }
        return members(pod -> pod.version() > 0 && pod.version() < version.getAsLong(), removal.at());
    }

    private OptionalLong terminationVersion(MemberRemoval removal) {
        if (removal.kind() != MemberRemoval.Kind.POD_DELETE) {
            return OptionalLong.empty();
        }
        MemberSample removed = before(removal.at()).get(removal.member());
        if (removed == null) {
            return OptionalLong.empty();
        }
        return pods.stream().filter(p -> p.uid().equals(removed.uid()) && p.terminating() && p.version() > 0)
                .mapToLong(PodState::version).min();
    }

    private Map<String, MemberSample> members(Predicate<PodState> earlier, Instant moment) {
        Map<String, PodState> latest = new LinkedHashMap<>();
        pods.stream().filter(earlier).forEach(p -> latest.put(p.name(), p));
        Map<String, MemberSample> members = new LinkedHashMap<>();
        latest.values().stream().filter(p -> !p.deleted()).sorted(Comparator.comparing(PodState::name)).forEach(pod -> {
            Optional<HealthSample> answer = lastAnswer(pod.uid(), moment);
            members.put(pod.name(), new MemberSample(pod.name(), pod.uid(), pod.ready(), pod.terminating(),
                    answer.map(HealthSample::reading).orElse(HealthReading.UNREACHABLE),
                    answer.map(a -> Duration.between(a.at(), moment)).orElse(null)));
        });
        return members;
    }

    private Optional<HealthSample> lastAnswer(String uid, Instant moment) {
        return health.stream().filter(h -> h.uid().equals(uid) && h.at().isBefore(moment)).reduce((first, second) -> second);
    }
}
