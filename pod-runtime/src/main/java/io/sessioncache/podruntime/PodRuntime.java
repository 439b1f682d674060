package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local pod runtime: one or more Nodes, and a {@link PodWorker} for each pod the scheduler binds to one of them.
 * Pods run as real processes on their own addresses (127.0.0.N, or 10.244.0.N in a network namespace of the run's own:
 * {@link PodNetwork}), drawn from one pool for every node, so no two pods share an address; Services resolve through the runtime's one hosts file. Nodes can be added and removed while it
 * runs. Closing it stops every container it started (and its processes die with this JVM in any case).
 */
public final class PodRuntime implements AutoCloseable {

    public static final String DEFAULT_NODE = LocalNode.DEFAULT.name();
    private static final Logger LOG = LoggerFactory.getLogger(PodRuntime.class);
    private static final String HOST_IP = "127.0.0.1";
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param nodes     the Nodes registered at the start
     * @param workDir   pods' directories and logs go under it
     * @param hostsFile the file Service names resolve through (-Djdk.net.hosts.file of members and clients)
     */
    public record Settings(List<LocalNode> nodes, Path workDir, Path hostsFile, Path caCertificate) {
        public Settings {
            nodes = List.copyOf(nodes);
        }

        /** One node of that name. */
        public Settings(String nodeName, Path workDir, Path hostsFile, Path caCertificate) {
            this(List.of(LocalNode.named(nodeName)), workDir, hostsFile, caCertificate);
        }
    }

    /** A registered node: its heartbeat, the watch on the pods bound to it, and what its pod workers get. */
    private record NodePods(NodeAgent agent, RuntimeContext context, SharedIndexInformer<Pod> pods) {
    }

    private final KubernetesClient client;
    private final Settings settings;
    /** What the pod workers of every node share: the address pool, the hosts file, the directories (no node). */
    private final RuntimeContext shared;
    private final ServiceHostsFile hosts;
    private final PodNetwork network;
    /** By name, in the order added; guarded by this. */
    private final Map<String, NodePods> nodes = new LinkedHashMap<>();
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    /** Pods whose container process is suspended by {@link #freeze}, with the pid that was suspended. */
    private final Map<String, Long> frozen = new ConcurrentHashMap<>();
    private final AtomicBoolean endpointsDirty = new AtomicBoolean(true);
    private final ScheduledExecutorService hostsWriter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hosts-file");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<Service> services;
    private volatile boolean closed;

    private PodRuntime(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        int apiPort = URI.create(client.getConfiguration().getMasterUrl()).getPort();
        this.network = PodNetwork.start(client, apiPort);
        this.hosts = new ServiceHostsFile(settings.hostsFile(), network.apiHost());
        this.shared = new RuntimeContext(client, null, HOST_IP, network,
                ImageResolver.fromUserHome(), new VolumeMaterializer(client, settings.caCertificate()), settings.hostsFile(),
                settings.workDir().resolve("pods"), settings.workDir().resolve("logs"),
                Path.of(System.getProperty("java.home"), "bin", "java"), () -> endpointsDirty.set(true));
    }

    /** Registers the nodes, starts watching Services and the pods bound to the nodes, and runs them. */
    public static PodRuntime start(KubernetesClient client, Settings settings) {
        PodRuntime runtime = new PodRuntime(client, settings);
        try {
            Files.createDirectories(settings.workDir());
            runtime.startAll();
            return runtime;
        } catch (IOException e) {
            runtime.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll() {
        hosts.update(List.of(), List.of());
        services = client.services().inAnyNamespace().inform(new Changes<>(), 0);
        hostsWriter.scheduleWithFixedDelay(this::refreshHosts, 0, 200, TimeUnit.MILLISECONDS);
        settings.nodes().forEach(this::addNode);
        LOG.info("pod runtime running pods of nodes {} (work dir {}, hosts file {}, pod network {})", nodeNames(),
                settings.workDir(), settings.hostsFile(), network.mode());
    }

    /** Registers a Node (Ready, with its lease) and from now on runs the pods the scheduler binds to it. */
    public synchronized void addNode(LocalNode node) {
        if (closed) {
            throw new IllegalStateException("the pod runtime is closed");
        }
        if (nodes.containsKey(node.name())) {
            throw new IllegalArgumentException("node " + node.name() + " is already registered");
        }
        NodeAgent agent = new NodeAgent(client, node, HOST_IP);
        agent.register();
        RuntimeContext context = shared.onNode(node.name());
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().withField("spec.nodeName", node.name())
                .inform(new PodEvents(context), 0);
        nodes.put(node.name(), new NodePods(agent, context, pods));
    }

    /**
     * Takes a node away as when its machine leaves the cluster: its containers are killed and the Node and its Lease
     * deleted; pods still bound to it are left to the pod garbage collector.
     */
    public void removeNode(String name) {
        NodePods removed;
        synchronized (this) {
            removed = nodes.remove(name);
        }
        if (removed == null) {
            throw new IllegalArgumentException("node " + name + " is not registered");
        }
        removed.pods().close();
        stopWorkers(worker -> name.equals(worker.nodeName()));
        removed.agent().deregister();
    }

    /**
     * Makes the registered nodes exactly {@code wanted} (a node is known by its name): adds the missing ones first, then
     * removes the others with whatever still runs on them. New pods go to the wanted nodes from then on.
     */
    public void replaceNodes(List<LocalNode> wanted) {
        List<String> before = nodeNames();
        wanted.stream().filter(node -> !before.contains(node.name())).forEach(this::addNode);
        before.stream().filter(name -> wanted.stream().noneMatch(node -> node.name().equals(name))).forEach(this::removeNode);
    }

    /** The registered nodes, in the order they were added. */
    public synchronized List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    /** Where pods get their addresses: loopback, or a network namespace of this run's own (see {@link PodNetwork}). */
    public PodNetwork network() {
        return network;
    }

    public Path hostsFile() {
        return settings.hostsFile();
    }

    public Path logsDir() {
        return shared.logsDir();
    }

    /** The pid of a pod's container process (the member JVM), if it runs. */
    public Optional<Long> containerPid(String namespace, String name) {
        return workers.values().stream().filter(w -> w.key().equals(namespace + "/" + name))
                .map(PodWorker::containerPid).filter(pid -> pid > 0).findFirst();
    }

    /** Pids of every container process this runtime runs. */
    public List<Long> containerPids() {
        return workers.values().stream().map(PodWorker::containerPid).filter(pid -> pid > 0).toList();
    }

    /**
     * Suspends a pod's container process (SIGSTOP), as a long GC pause or CPU starvation would: it answers no probe and
     * no client until {@link #thaw}. The runtime keeps probing it, so it turns unready after its readiness probe's
     * failure threshold and is restarted after its liveness probe's: keep a freeze shorter than that if it should not be.
     *
     * @return the pid suspended
     */
    public long freeze(String namespace, String name) {
        String key = namespace + "/" + name;
        long pid = containerPid(namespace, name)
                .orElseThrow(() -> new IllegalStateException("pod " + key + " has no running container to freeze"));
        ProcessFreezer.freeze(pid);
        frozen.put(key, pid);
        LOG.info("froze pod {} (pid {})", key, pid);
        return pid;
    }

    /** Resumes (SIGCONT) the process {@link #freeze} suspended, if it still exists. */
    public void thaw(String namespace, String name) {
        String key = namespace + "/" + name;
        Long pid = frozen.remove(key);
        if (pid == null) {
            throw new IllegalStateException("pod " + key + " is not frozen");
        }
        thawIfAlive(key, pid);
    }

    /** Whether the pod's container process is suspended now. */
    public boolean frozen(String namespace, String name) {
        return containerPid(namespace, name).map(ProcessFreezer::frozen).orElse(false);
    }

    private static void thawIfAlive(String key, long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            ProcessFreezer.thaw(pid);
            LOG.info("thawed pod {} (pid {})", key, pid);
        }
    }

    private void refreshHosts() {
        if (!endpointsDirty.getAndSet(false) || services == null) {
            return;
        }
        try {
            hosts.update(services.getStore().list(), workers.values().stream().map(PodWorker::endpoint).toList());
        } catch (RuntimeException e) {
            endpointsDirty.set(true);
            LOG.warn("cannot update the hosts file: {}", e.getMessage());
        }
    }

    private void podChanged(Pod pod, RuntimeContext node) {
        if (closed || !node.nodeName().equals(pod.getSpec().getNodeName())) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        PodWorker existing = workers.get(uid);
        if (existing != null) {
            existing.update(pod);
            endpointsDirty.set(true);
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        synchronized (this) {
            if (nodes.containsKey(node.nodeName())) {
                startWorker(uid, new PodWorker(node, pod));
            }
        }
    }

    private void startWorker(String uid, PodWorker worker) {
        workers.put(uid, worker);
        Thread thread = new Thread(() -> {
            try {
                worker.run();
            } finally {
                workers.remove(uid);
                threads.remove(uid);
                endpointsDirty.set(true);
            }
        });
        thread.setDaemon(true);
        threads.put(uid, thread);
        thread.start();
    }

    private void podDeleted(Pod pod) {
        PodWorker worker = workers.get(pod.getMetadata().getUid());
        if (worker != null) {
            worker.removedFromApi();
        }
    }

    @Override
    public void close() {
        closed = true;
        List<NodePods> stopping;
        synchronized (this) {
            stopping = List.copyOf(nodes.values());
        }
        stopping.forEach(node -> node.pods().close());
        if (services != null) {
            services.close();
        }
        stopWorkers(worker -> true);
        hostsWriter.shutdownNow();
        stopping.forEach(node -> node.agent().close());
        network.close();
    }

    /** Kills the containers of the workers chosen and waits (bounded) for their threads to end. */
    private void stopWorkers(Predicate<PodWorker> which) {
        Map<String, PodWorker> chosen = new HashMap<>();
        workers.forEach((uid, worker) -> {
            if (which.test(worker)) {
                chosen.put(uid, worker);
            }
        });
        // A suspended process would sit out its whole grace period before the SIGKILL.
        chosen.values().forEach(worker -> {
            Long pid = frozen.remove(worker.key());
            if (pid != null) {
                thawIfAlive(worker.key(), pid);
            }
        });
        chosen.values().forEach(PodWorker::stopForRuntimeShutdown);
        long deadline = System.nanoTime() + WORKER_STOP_TIMEOUT.toNanos();
        for (String uid : chosen.keySet()) {
            Thread thread = threads.get(uid);
            if (thread == null) {
                continue;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        private final RuntimeContext node;

        PodEvents(RuntimeContext node) {
            this.node = node;
        }

        @Override
        public void onAdd(Pod pod) {
            podChanged(pod, node);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            podChanged(newPod, node);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            podDeleted(pod);
        }
    }

    private final class Changes<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            endpointsDirty.set(true);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            endpointsDirty.set(true);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            endpointsDirty.set(true);
        }
    }
}
