package io.sessioncache.e2e.placement;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A jar of a few of the tests' own classes, in a ConfigMap that {@code spec.extensions.configMap} puts on the members'
 * classpath: the way a user adds jars, so the members run exactly what the product gives them.
 */
public final class MemberClassesJar {

    public static final String JAR = "member-classes.jar";
    /** Every entry's time, so the same classes make the same jar, and the ConfigMap changes only with them. */
    private static final long ENTRY_TIME = 0;

    private MemberClassesJar() {
    }

    /** The ConfigMap, its one key the jar of {@code classes} (top-level classes without nested ones). */
    public static ConfigMap configMap(String namespace, String name, Class<?>... classes) {
        return new ConfigMapBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToBinaryData(JAR, Base64.getEncoder().encodeToString(jar(classes)))
                .build();
    }

    static byte[] jar(Class<?>... classes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : classes) {
                JarEntry entry = new JarEntry(type.getName().replace('.', '/') + ".class");
                entry.setTime(ENTRY_TIME);
                jar.putNextEntry(entry);
                jar.write(classFile(type));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + type.getName());
            }
            return in.readAllBytes();
        }
    }
}
