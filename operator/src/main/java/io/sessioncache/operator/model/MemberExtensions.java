package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.sessioncache.operator.api.v1alpha1.MemberExtensionsSpec;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jars on the members' classpath the Kubernetes way: an init container copies an image's jars into an emptyDir, ConfigMap
 * and PersistentVolumeClaim volumes are mounted as they are, and the member's {@code CLASSPATH} names each directory
 * (the Hazelcast image appends {@code $CLASSPATH} to its own classpath).
 */
public final class MemberExtensions {

    /** The image of this project that holds the supported frameworks' member-side jars (module session-extensions). */
    public static final String FRAMEWORK_IMAGE_REPOSITORY = "sessioncache/session-extensions";
    /** Follows the operator's release, as the operator image's tag does. */
    public static final String FRAMEWORK_IMAGE_TAG = "0.1.0";
    public static final String FRAMEWORK_IMAGE = FRAMEWORK_IMAGE_REPOSITORY + ":" + FRAMEWORK_IMAGE_TAG;
    public static final String INIT_CONTAINER = "extensions";
    public static final String IMAGE_DIR = "/data/extensions/image";
    public static final String CONFIG_MAP_DIR = "/data/extensions/config-map";
    public static final String VOLUME_DIR = "/data/extensions/volume";

    private static final String IMAGE_VOLUME = "extensions-image";
    private static final String CONFIG_MAP_VOLUME = "extensions-config-map";
    private static final String CLAIM_VOLUME = "extensions-volume";
    private static final Quantity COPY_MEMORY = new Quantity("64Mi");
    private static final Quantity COPY_CPU = new Quantity("10m");

    private MemberExtensions() {
    }

    /** The image whose jars are copied, if any: the user's, or the framework image when the framework needs one. */
    public static Optional<String> image(SessionClusterSpec spec) {
        MemberExtensionsSpec extensions = spec.getExtensions();
        if (extensions.getImage() != null && !extensions.getImage().isBlank()) {
            return Optional.of(extensions.getImage());
        }
        boolean frameworkNeedsJars = spec.getSessions().getFramework().needsMemberClasses();
        return frameworkNeedsJars && extensions.isFrameworkImage() ? Optional.of(FRAMEWORK_IMAGE) : Optional.empty();
    }

    public static List<Container> initContainers(SessionClusterSpec spec) {
        return image(spec).map(image -> List.of(new ContainerBuilder()
                .withName(INIT_CONTAINER)
                .withImage(image)
                .withImagePullPolicy(spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().name())
                // "dir/." copies the directory's content, and works with GNU and busybox cp alike.
                .withCommand("cp", "-R", trimSlash(spec.getExtensions().getPath()) + "/.", IMAGE_DIR + "/")
                .withVolumeMounts(new VolumeMountBuilder().withName(IMAGE_VOLUME).withMountPath(IMAGE_DIR).build())
                .withNewResources()
                .withRequests(Map.of("cpu", COPY_CPU, "memory", COPY_MEMORY))
                .withLimits(Map.of("memory", COPY_MEMORY))
                .endResources()
                .withSecurityContext(MemberStatefulSet.restrictedContainer())
                .build())).orElse(List.of());
    }

    public static List<Volume> volumes(SessionClusterSpec spec) {
        List<Volume> volumes = new ArrayList<>();
        if (image(spec).isPresent()) {
            volumes.add(new VolumeBuilder().withName(IMAGE_VOLUME).withNewEmptyDir().endEmptyDir().build());
        }
        configMap(spec).ifPresent(name -> volumes.add(new VolumeBuilder().withName(CONFIG_MAP_VOLUME)
                .withNewConfigMap().withName(name).endConfigMap().build()));
        claim(spec).ifPresent(name -> volumes.add(new VolumeBuilder().withName(CLAIM_VOLUME)
                .withNewPersistentVolumeClaim().withClaimName(name).withReadOnly(true).endPersistentVolumeClaim().build()));
        return volumes;
    }

    public static List<VolumeMount> memberMounts(SessionClusterSpec spec) {
        List<VolumeMount> mounts = new ArrayList<>();
        if (image(spec).isPresent()) {
            mounts.add(new VolumeMountBuilder().withName(IMAGE_VOLUME).withMountPath(IMAGE_DIR).withReadOnly(true).build());
        }
        configMap(spec).ifPresent(name -> mounts.add(
                new VolumeMountBuilder().withName(CONFIG_MAP_VOLUME).withMountPath(CONFIG_MAP_DIR).withReadOnly(true).build()));
        claim(spec).ifPresent(name -> mounts.add(
                new VolumeMountBuilder().withName(CLAIM_VOLUME).withMountPath(VOLUME_DIR).withReadOnly(true).build()));
        return mounts;
    }

    /** {@code CLASSPATH} of the member container: every extension directory's jars; none when there are no extensions. */
    public static Optional<EnvVar> classpath(SessionClusterSpec spec) {
        List<String> entries = memberMounts(spec).stream().map(mount -> mount.getMountPath() + "/*").toList();
        return entries.isEmpty() ? Optional.empty() : Optional.of(new EnvVar("CLASSPATH", String.join(":", entries), null));
    }

    private static Optional<String> configMap(SessionClusterSpec spec) {
        return nonBlank(spec.getExtensions().getConfigMap());
    }

    private static Optional<String> claim(SessionClusterSpec spec) {
        return nonBlank(spec.getExtensions().getPersistentVolumeClaim());
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
