package io.sessioncache.installation;

import io.sessioncache.controlplane.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the installation artefacts in the checkout. */
final class Repository {

    static final String CRD_FILE = "sessionclusters.sessioncache.io-v1.yml";

    private Repository() {
    }

    static Path root() {
        return RepositoryRoot.find();
    }

    static Path crd() {
        return root().resolve("crds").resolve(CRD_FILE);
    }

    static Path chart() {
        return root().resolve("helm").resolve("sessioncache-operator");
    }

    static Path chartCrd() {
        return chart().resolve("crds").resolve(CRD_FILE);
    }

    static Path bundle() {
        return root().resolve("deploy").resolve("operator.yaml");
    }

    static Path sample(String name) {
        return root().resolve("deploy").resolve("samples").resolve(name + ".yaml");
    }

    static Path apiReference() {
        return root().resolve("docs").resolve("api-reference.md");
    }

    /** Prometheus rules, their promtool tests and the lists of metric names the rules and dashboards may use. */
    static Path monitoring() {
        return root().resolve("monitoring");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
