package io.sessioncache.operator.roll;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.sessioncache.operator.model.MemberStatefulSet;
import java.util.Map;
import java.util.Objects;

/** Why a member is restarted: the first difference between its pod and the StatefulSet's current template. */
public enum RestartReason {
    UNREADY("member is not ready"),
    CONFIGURATION_CHANGED("configuration changed"),
    VERSION_CHANGED("version changed"),
    RESOURCES_CHANGED("resources changed"),
    POD_ANNOTATIONS_CHANGED("pod annotations changed"),
    POD_TEMPLATE_CHANGED("pod template changed");

    private final String description;

    RestartReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static RestartReason between(Pod pod, PodTemplateSpec template) {
        if (!Objects.equals(annotation(pod.getMetadata().getAnnotations()), annotation(template.getMetadata().getAnnotations()))) {
            return CONFIGURATION_CHANGED;
        }
        Container running = container(pod.getSpec().getContainers());
        Container wanted = container(template.getSpec().getContainers());
        if (running == null || wanted == null) {
            return POD_TEMPLATE_CHANGED;
        }
        if (!Objects.equals(running.getImage(), wanted.getImage())) {
            return VERSION_CHANGED;
        }
        if (!Objects.equals(running.getResources(), wanted.getResources())) {
            return RESOURCES_CHANGED;
        }
        if (!carries(pod.getMetadata().getAnnotations(), template.getMetadata().getAnnotations())) {
            return POD_ANNOTATIONS_CHANGED;
        }
        return POD_TEMPLATE_CHANGED;
    }

    /** Whether the pod has every annotation of the template; others may add their own to a running pod. */
    private static boolean carries(Map<String, String> podAnnotations, Map<String, String> templateAnnotations) {
        Map<String, String> running = podAnnotations == null ? Map.of() : podAnnotations;
        return templateAnnotations == null || running.entrySet().containsAll(templateAnnotations.entrySet());
    }

    private static String annotation(Map<String, String> annotations) {
        return annotations == null ? null : annotations.get(MemberStatefulSet.CONFIG_HASH_ANNOTATION);
    }

    private static Container container(java.util.List<Container> containers) {
        return containers.stream().filter(c -> MemberStatefulSet.CONTAINER.equals(c.getName())).findFirst().orElse(null);
    }
}
