package io.sessioncache.installation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A jar of some of the tests' own top-level classes, for a container's class path. */
final class ClassesJar {

    private ClassesJar() {
    }

    static byte[] of(Class<?>... classes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : classes) {
                jar.putNextEntry(new JarEntry(type.getName().replace('.', '/') + ".class"));
                try (InputStream classFile = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                    if (classFile == null) {
                        throw new IllegalStateException("no class file for " + type.getName());
                    }
                    classFile.transferTo(jar);
                }
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
