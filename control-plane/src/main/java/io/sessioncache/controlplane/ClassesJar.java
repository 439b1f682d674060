package io.sessioncache.controlplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A jar of some of the tests' own top-level classes (nested ones are not included), for a member's class path. */
public final class ClassesJar {

    /** Every entry's time, so the same classes make the same jar, and what carries it changes only with them. */
    private static final long ENTRY_TIME = 0;

    private ClassesJar() {
    }

    public static byte[] of(Class<?>... classes) {
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
