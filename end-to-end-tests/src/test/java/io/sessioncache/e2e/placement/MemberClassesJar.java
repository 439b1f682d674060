package io.sessioncache.e2e.placement;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sessioncache.controlplane.ClassesJar;
import java.util.Base64;

/**
 * A jar of a few of the tests' own classes, in a ConfigMap that {@code spec.extensions.configMap} puts on the members'
 * classpath: the way a user adds jars, so the members run exactly what the product gives them.
 */
public final class MemberClassesJar {

    public static final String JAR = "member-classes.jar";

    private MemberClassesJar() {
    }

    /** The ConfigMap, its one key the jar of {@code classes} (top-level classes without nested ones). */
    public static ConfigMap configMap(String namespace, String name, Class<?>... classes) {
        return new ConfigMapBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToBinaryData(JAR, Base64.getEncoder().encodeToString(ClassesJar.of(classes)))
                .build();
    }
}
