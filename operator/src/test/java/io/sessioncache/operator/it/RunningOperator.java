package io.sessioncache.operator.it;

import io.sessioncache.controlplane.LocalControlPlane;
import io.sessioncache.controlplane.OperatorProcess;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.controlplane.TestNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts the packaged operator as the operator user, watching one test namespace, logging under target/operator-logs. */
final class RunningOperator {

    private static final AtomicInteger STARTS = new AtomicInteger();

    private RunningOperator() {
    }

    static OperatorProcess start(LocalControlPlane plane, TestNamespace namespace) {
        Path log = Path.of("target", "operator-logs", namespace.name() + "-" + STARTS.incrementAndGet() + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return OperatorProcess.start(RepositoryRoot.find(), plane.operatorKubeconfig(), log,
                Map.of("WATCH_NAMESPACES", namespace.name()));
    }
}
