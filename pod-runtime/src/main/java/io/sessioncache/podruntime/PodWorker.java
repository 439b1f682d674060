package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sessioncache.controlplane.GuardedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod as a kubelet would: gives it an IP, pulls its image (the member jar), materializes its volumes, starts
 * its container as a process, probes it, restarts it when it dies or fails liveness, reports status, and on deletion
 * runs preStop, stops it gracefully and removes the pod object.
 */
final class PodWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(10);
    private static final Duration PREPARE_RETRY = Duration.ofSeconds(5);
    /** A container that ran this long without dying has its back-off reset. */
    private static final Duration STABLE_RUN = Duration.ofSeconds(60);
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final RuntimeContext context;
    private final String namespace;
    private final String name;
    private final String uid;
    private final Path podDir;
    private final PodObject podObject;
    private volatile Pod latest;
    private volatile boolean removedFromApi;
    private volatile boolean runtimeStopping;
    private volatile String podIp;
    private volatile ContainerRecord record = ContainerRecord.waiting("ContainerCreating", null, null);
    private volatile List<ContainerRecord> initRecords = List.of();
    private volatile GuardedProcess process;
    private PodStatus lastPublished;
    private Instant podStarted;
    private ProbeRunner readiness;
    private ProbeRunner liveness;
    private ProbeRunner startup;
    private Duration backOff = Duration.ofSeconds(1);
    private Instant nextStart = Instant.EPOCH;

    PodWorker(RuntimeContext context, Pod pod) {
        this.context = context;
        this.latest = pod;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.podDir = context.podsDir().resolve(namespace + "_" + name + "_" + uid);
        this.podObject = new PodObject(context.client(), namespace, name, uid);
    }

    String key() {
        return namespace + "/" + name;
    }

    String nodeName() {
        return context.nodeName();
    }

    void update(Pod pod) {
        latest = pod;
    }

    /** The pod object is gone (deleted with no grace, or by this worker): stop the container now. */
    void removedFromApi() {
        removedFromApi = true;
    }

    /** The runtime itself stops: kill the container; the pod object stays. */
    void stopForRuntimeShutdown() {
        runtimeStopping = true;
    }

    long containerPid() {
        GuardedProcess running = process;
        return running == null ? -1 : running.childPid();
    }

    PodEndpoint endpoint() {
        Pod pod = latest;
        ContainerRecord current = record;
        boolean running = current.state() == ContainerRecord.State.RUNNING;
        return new PodEndpoint(namespace, name, pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels(),
                running || current.lastTermination() != null ? podIp : null, current.ready(),
                pod.getMetadata().getDeletionTimestamp() != null,
                pod.getSpec().getHostname(), pod.getSpec().getSubdomain());
    }

    @Override
    public void run() {
        Thread.currentThread().setName("pod-" + key());
        try {
            podIp = context.network().allocate();
            podStarted = Instant.now();
            context.endpointsChanged().run();
            if (new InitContainers().runAll()) {
                Prepared prepared = prepare();
                if (prepared != null) {
                    runContainer(prepared);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("pod {} failed in the runtime", key(), e);
        } finally {
            stopProcess(Duration.ofSeconds(5));
            context.network().release(podIp);
            context.endpointsChanged().run();
        }
    }

    private record Prepared(Container container, List<String> command, Map<String, String> env, Path workDir) {
    }

    /**
     * The pod's init containers, one after the other, each to completion before the next and before the main container;
     * one that fails is started again after a back-off, as with restartPolicy Always. Their images are laid out as
     * directories (see {@link ImageResolver#unpack}) and their commands run on this machine with paths rewritten.
     */
    private final class InitContainers {

        private final List<Container> containers = latest.getSpec().getInitContainers() == null ? List.of()
                : latest.getSpec().getInitContainers();

        /** False when the pod went away before they all completed. */
        boolean runAll() {
            if (containers.isEmpty()) {
                return true;
            }
            record = ContainerRecord.waiting("PodInitializing", null, null);
            initRecords = containers.stream().map(c -> ContainerRecord.waiting("PodInitializing", null, null)).toList();
            for (int i = 0; i < containers.size(); i++) {
                if (!runToCompletion(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean runToCompletion(int index) {
            Duration initBackOff = Duration.ofSeconds(1);
            while (!stopping()) {
                Prepared prepared = prepareInit(index);
                if (prepared == null) {
                    return false;
                }
                Integer code = runOnce(index, prepared);
                if (code == null) {
                    return false;
                }
                if (code == 0) {
                    return true;
                }
                publishStatus();
                pause(TICK.multipliedBy(4));
                set(index, initRecords.get(index).backingOff("back-off " + initBackOff.toSeconds()
                        + "s restarting failed container " + containers.get(index).getName()).restarted());
                publishStatus();
                if (!pauseUnlessDeleted(initBackOff)) {
                    return false;
                }
                initBackOff = initBackOff.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : initBackOff.multipliedBy(2);
            }
            return false;
        }

        /** Image, volumes, command and environment; retried while missing. Null when the pod went away meanwhile. */
        private Prepared prepareInit(int index) {
            Container container = containers.get(index);
            while (!stopping()) {
                if (deletionRequested()) {
                    deletePodObject();
                    return null;
                }
                try {
                    Path root = podDir.resolve("init").resolve(container.getName());
                    Map<String, Path> paths = new LinkedHashMap<>(context.images().unpack(container.getImage(), root.resolve("image")));
                    paths.putAll(context.volumes().materialize(latest, container, podDir).mounts());
                    MountTable mounts = new MountTable(paths);
                    if (container.getCommand() == null || container.getCommand().isEmpty()) {
                        throw new IllegalArgumentException("the local pod runtime runs init containers by their command, and "
                                + container.getName() + " has none");
                    }
                    List<String> command = MemberCommand.asGiven(container, mounts);
                    Path workDir = root.resolve("workdir");
                    Files.createDirectories(workDir);
                    Files.createDirectories(logDir(container.getName()));
                    return new Prepared(container, command, environment(container, mounts), workDir);
                } catch (ImageResolver.ImagePullException e) {
                    ContainerRecord current = initRecords.get(index);
                    set(index, ContainerRecord.waiting(current.reason() != null && current.reason().contains("ImagePull")
                            ? "ImagePullBackOff" : "ErrImagePull", e.getMessage(), current));
                } catch (VolumeMaterializer.VolumeException e) {
                    set(index, ContainerRecord.waiting("CreateContainerConfigError", e.getMessage(), initRecords.get(index)));
                } catch (IOException | RuntimeException e) {
                    set(index, ContainerRecord.waiting("CreateContainerError", String.valueOf(e.getMessage()), initRecords.get(index)));
                }
                publishStatus();
                pause(PREPARE_RETRY);
            }
            return null;
        }

        /** The exit code, or null when the pod went away while it ran. */
        private Integer runOnce(int index, Prepared prepared) {
            ContainerRecord current = initRecords.get(index);
            Path log = logDir(prepared.container().getName()).resolve(current.restartCount() + ".log");
            LOG.info("starting init container {} of pod {} (log {})", prepared.container().getName(), key(), log);
            process = GuardedProcess.start(key() + "/" + prepared.container().getName(), prepared.command(), prepared.env(),
                    prepared.workDir(), log);
            set(index, current.running(Instant.now(), "local:" + prepared.container().getImage()));
            publishStatus();
            while (process.isAlive()) {
                if (stopping()) {
                    return null;
                }
                if (deletionRequested()) {
                    stopProcess(Duration.ofSeconds(graceSeconds()));
                    deletePodObject();
                    return null;
                }
                pause(TICK);
            }
            int code = exitCode(process);
            process = null;
            set(index, initRecords.get(index).terminated(code, code == 0 ? "Completed" : "Error", Instant.now()));
            LOG.info("init container {} of pod {} exited with {}", prepared.container().getName(), key(), code);
            publishStatus();
            return code;
        }

        private boolean pauseUnlessDeleted(Duration duration) {
            Instant until = Instant.now().plus(duration);
            while (Instant.now().isBefore(until)) {
                if (stopping()) {
                    return false;
                }
                if (deletionRequested()) {
                    deletePodObject();
                    return false;
                }
                pause(TICK);
            }
            return true;
        }

        private void set(int index, ContainerRecord updated) {
            List<ContainerRecord> copy = new java.util.ArrayList<>(initRecords);
            copy.set(index, updated);
            initRecords = List.copyOf(copy);
        }
    }

    /** Image, volumes and environment; retried while they are missing. Null when the pod went away meanwhile. */
    private Prepared prepare() {
        Container container = latest.getSpec().getContainers().get(0);
        while (!stopping()) {
            if (deletionRequested()) {
                deletePodObject();
                return null;
            }
            try {
                MemberImage image = context.images().pull(container.getImage(), podDir.resolve("image"));
                record = ContainerRecord.waiting("ContainerCreating", null, record);
                MountTable mounts = context.volumes().materialize(latest, container, podDir);
                Map<String, String> env = environment(container, mounts);
                Path workDir = podDir.resolve("workdir");
                Files.createDirectories(workDir);
                Files.createDirectories(logDir());
                List<String> command = context.network().containerCommand(
                        MemberCommand.build(container, env, mounts, context.java(), image, podIp, context.hostsFile()), mounts);
                record = new ContainerRecord(ContainerRecord.State.WAITING, "ContainerCreating", null, null, null, null, null,
                        0, false, "maven:com.hazelcast:hazelcast@" + image.jar().getFileName());
                return new Prepared(container, command, env, workDir);
            } catch (ImageResolver.ImagePullException e) {
                record = ContainerRecord.waiting(record.reason() != null && record.reason().contains("ImagePull")
                        ? "ImagePullBackOff" : "ErrImagePull", e.getMessage(), record);
            } catch (VolumeMaterializer.VolumeException e) {
                record = ContainerRecord.waiting("CreateContainerConfigError", e.getMessage(), record);
            } catch (IOException | RuntimeException e) {
                record = ContainerRecord.waiting("CreateContainerError", String.valueOf(e.getMessage()), record);
            }
            publishStatus();
            pause(PREPARE_RETRY);
        }
        return null;
    }

    private void runContainer(Prepared prepared) {
        while (!stopping()) {
            Instant now = Instant.now();
            if (deletionRequested()) {
                terminate(prepared);
                return;
            }
            GuardedProcess running = process;
            if (running == null && !now.isBefore(nextStart)) {
                start(prepared, now);
            } else if (running != null && !running.isAlive()) {
                onExit(prepared, running, now);
            } else if (running != null) {
                probe(prepared, now);
            }
            publishStatus();
            pause(TICK);
        }
    }

    private void start(Prepared prepared, Instant now) {
        boolean restart = record.lastTermination() != null;
        if (restart) {
            record = record.restarted();
        }
        Path log = logDir().resolve(record.restartCount() + ".log");
        LOG.info("starting container {} of pod {} on {} (log {})", prepared.container().getName(), key(), podIp, log);
        process = GuardedProcess.start(key() + "/" + prepared.container().getName(), prepared.command(), prepared.env(),
                prepared.workDir(), log);
        record = record.running(now, record.imageId());
        readiness = prepared.container().getReadinessProbe() == null ? null
                : new ProbeRunner(prepared.container().getReadinessProbe(), prepared.container(), podIp, now, false);
        liveness = prepared.container().getLivenessProbe() == null ? null
                : new ProbeRunner(prepared.container().getLivenessProbe(), prepared.container(), podIp, now, true);
        startup = prepared.container().getStartupProbe() == null ? null
                : new ProbeRunner(prepared.container().getStartupProbe(), prepared.container(), podIp, now, false);
        if (readiness == null) {
            record = record.withReady(true);
        }
        context.endpointsChanged().run();
    }

    private void probe(Prepared prepared, Instant now) {
        if (startup != null && !startup.tick(now)) {
            return;
        }
        if (readiness != null) {
            boolean ready = readiness.tick(now);
            if (ready != record.ready()) {
                record = record.withReady(ready);
                LOG.info("pod {} is {}", key(), ready ? "Ready" : "not Ready");
                context.endpointsChanged().run();
            }
        }
        if (liveness != null && !liveness.tick(now)) {
            LOG.warn("pod {}: liveness probe failed; restarting its container", key());
            record = record.withReady(false);
            context.endpointsChanged().run();
            publishStatus();
            process.stop(Duration.ofSeconds(graceSeconds()));
            onExit(prepared, process, Instant.now());
        }
    }

    private void onExit(Prepared prepared, GuardedProcess exited, Instant now) {
        // As a kubelet kills the container's cgroup: a member JVM that outlived its wrapper would keep the pod's port.
        exited.killGroup();
        int code = exitCode(exited);
        Instant started = record.startedAt();
        record = record.terminated(code, code == 0 ? "Completed" : "Error", now);
        process = null;
        LOG.info("container of pod {} exited with {}", key(), code);
        context.endpointsChanged().run();
        String policy = latest.getSpec().getRestartPolicy() == null ? "Always" : latest.getSpec().getRestartPolicy();
        boolean restart = "Always".equals(policy) || "OnFailure".equals(policy) && code != 0;
        if (!restart) {
            nextStart = Instant.MAX;
            return;
        }
        if (started != null && Duration.between(started, now).compareTo(STABLE_RUN) > 0) {
            backOff = Duration.ofSeconds(1);
        }
        nextStart = now.plus(backOff);
        record = record.backingOff("back-off " + backOff.toSeconds() + "s restarting failed container " + prepared.container().getName());
        backOff = backOff.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff.multipliedBy(2);
    }

    /** preStop, SIGTERM, SIGKILL after the grace period, then the pod object is removed. */
    private void terminate(Prepared prepared) {
        Instant deadline = Instant.now().plusSeconds(graceSeconds());
        LOG.info("terminating pod {} (grace {} s)", key(), graceSeconds());
        record = record.withReady(false);
        context.endpointsChanged().run();
        publishStatus();
        if (process != null && process.isAlive()) {
            runPreStop(prepared.container(), deadline);
            Duration left = Duration.between(Instant.now(), deadline);
            process.stop(left.isNegative() ? Duration.ZERO : left);
            record = record.terminated(exitCode(process), "Completed", Instant.now());
            process = null;
            publishStatus();
        }
        deletePodObject();
    }

    private void runPreStop(Container container, Instant deadline) {
        if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null
                || container.getLifecycle().getPreStop().getHttpGet() == null) {
            return;
        }
        HTTPGetAction get = container.getLifecycle().getPreStop().getHttpGet();
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        int port = get.getPort().getIntVal() != null ? get.getPort().getIntVal()
                : container.getPorts().stream().filter(p -> get.getPort().getStrVal().equals(p.getName()))
                .findFirst().map(p -> p.getContainerPort()).orElse(80);
        Duration timeout = Duration.between(Instant.now(), deadline);
        if (timeout.isNegative() || timeout.isZero()) {
            return;
        }
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                    + (get.getPath() == null ? "/" : get.getPath()))).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.warn("preStop hook of pod {} failed: {}", key(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deletePodObject() {
        try {
            podObject.deleteNow();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot remove pod {}: {}", key(), e.getMessage());
        }
        removedFromApi = true;
    }

    private void publishStatus() {
        if (removedFromApi || runtimeStopping) {
            return;
        }
        Container container = latest.getSpec().getContainers().get(0);
        List<Container> inits = latest.getSpec().getInitContainers() == null ? List.of() : latest.getSpec().getInitContainers();
        PodStatus status = KubeletPodStatus.build(latest, lastPublished, initRecords.isEmpty() ? List.of() : inits, initRecords,
                container, record, podIp, context.hostIp(), podStarted, Instant.now());
        if (Objects.equals(status, lastPublished)) {
            return;
        }
        try {
            if (podObject.patchStatus(status)) {
                lastPublished = status;
            } else {
                removedFromApi = true;
            }
        } catch (KubernetesClientException e) {
            LOG.warn("cannot report status of pod {}: {}", key(), e.getMessage());
        }
    }

    private Map<String, String> environment(Container container, MountTable mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOSTNAME", latest.getSpec().getHostname() != null ? latest.getSpec().getHostname() : name);
        PodNetwork network = context.network();
        env.put("KUBERNETES_SERVICE_HOST", network.apiHost());
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(network.apiPort()));
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(network.apiPort()));
        env.put("KUBERNETES_PORT", "tcp://" + network.apiHost() + ":" + network.apiPort());
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    ConfigMap map = context.client().configMaps().inNamespace(namespace).withName(from.getConfigMapRef().getName()).get();
                    if (map != null && map.getData() != null) {
                        map.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
                if (from.getSecretRef() != null) {
                    Secret secret = context.client().secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
                    if (secret != null && secret.getData() != null) {
                        secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                String value = valueOf(var);
                if (value != null) {
                    env.put(var.getName(), mounts.rewrite(value));
                }
            }
        }
        return env;
    }

    private String valueOf(EnvVar var) {
        if (var.getValueFrom() == null) {
            return var.getValue() == null ? "" : var.getValue();
        }
        if (var.getValueFrom().getFieldRef() != null) {
            String field = var.getValueFrom().getFieldRef().getFieldPath();
            return switch (field) {
                case "metadata.name" -> name;
                case "metadata.namespace" -> namespace;
                case "metadata.uid" -> uid;
                case "spec.nodeName" -> context.nodeName();
                case "spec.serviceAccountName" -> latest.getSpec().getServiceAccountName();
                case "status.podIP" -> podIp;
                case "status.hostIP" -> context.hostIp();
                default -> field.startsWith("metadata.labels['") && latest.getMetadata().getLabels() != null
                        ? latest.getMetadata().getLabels().get(field.substring(17, field.length() - 2)) : null;
            };
        }
        if (var.getValueFrom().getConfigMapKeyRef() != null) {
            ConfigMap map = context.client().configMaps().inNamespace(namespace)
                    .withName(var.getValueFrom().getConfigMapKeyRef().getName()).get();
            return map == null || map.getData() == null ? null : map.getData().get(var.getValueFrom().getConfigMapKeyRef().getKey());
        }
        if (var.getValueFrom().getSecretKeyRef() != null) {
            Secret secret = context.client().secrets().inNamespace(namespace)
                    .withName(var.getValueFrom().getSecretKeyRef().getName()).get();
            String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(var.getValueFrom().getSecretKeyRef().getKey());
            return encoded == null ? null : decode(encoded);
        }
        return null;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private Path logDir() {
        return logDir(latest.getSpec().getContainers().get(0).getName());
    }

    private Path logDir(String container) {
        return context.logsDir().resolve(namespace + "_" + name + "_" + uid).resolve(container);
    }

    private long graceSeconds() {
        Pod pod = latest;
        if (pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
            return pod.getMetadata().getDeletionGracePeriodSeconds();
        }
        Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
        return spec == null ? DEFAULT_GRACE_SECONDS : spec;
    }

    private boolean deletionRequested() {
        return latest.getMetadata().getDeletionTimestamp() != null;
    }

    private boolean stopping() {
        return removedFromApi || runtimeStopping || Thread.currentThread().isInterrupted();
    }

    private void stopProcess(Duration grace) {
        GuardedProcess running = process;
        if (running != null) {
            running.stop(grace);
            process = null;
        }
    }

    /** What a kubelet reports when it cannot tell: killed. */
    private static int exitCode(GuardedProcess exited) {
        return exited.exitCode().orElse(137);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
