package io.sessioncache.e2e.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every pod change and health answer of one cluster's members, with times; tells what the members were at any moment. */
public record MemberTimeline(List<PodState> pods, List<HealthSample> health) {

    public MemberTimeline {
        pods = pods.stream().sorted(Comparator.comparing(PodState::at)).toList();
        health = health.stream().sorted(Comparator.comparing(HealthSample::at)).toList();
    }

    /** Each member pod that existed just before {@code moment}, with its last health answer before then. */
    public Map<String, MemberSample> before(Instant moment) {
        Map<String, PodState> latest = new LinkedHashMap<>();
        pods.stream().filter(p -> p.at().isBefore(moment)).forEach(p -> latest.put(p.name(), p));
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
