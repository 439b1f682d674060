package io.sessioncache.installation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sessioncache.installation.OperatorApiUsage.Rule;
import java.util.List;
import java.util.Map;

/** Reading fields of rendered manifests. */
final class Manifests {

    private Manifests() {
    }

    @SuppressWarnings("unchecked")
    static List<Rule> rules(GenericKubernetesResource role) {
        List<Map<String, Object>> rules = (List<Map<String, Object>>) role.getAdditionalProperties().get("rules");
        return rules.stream().map(rule -> {
            List<String> groups = (List<String>) rule.get("apiGroups");
            return new Rule(groups.get(0), (List<String>) rule.get("resources"), (List<String>) rule.get("verbs"),
                    (List<String>) rule.getOrDefault("resourceNames", List.of()));
        }).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> podSpec(GenericKubernetesResource deployment) {
        return map(deployment.getAdditionalProperties().get("spec"), "template", "spec");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(GenericKubernetesResource deployment) {
        return ((List<Map<String, Object>>) podSpec(deployment).get("containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    static String env(GenericKubernetesResource deployment, String name) {
        return ((List<Map<String, Object>>) container(deployment).get("env")).stream()
                .filter(e -> name.equals(e.get("name"))).map(e -> (String) e.get("value")).findFirst().orElse(null);
    }
}
