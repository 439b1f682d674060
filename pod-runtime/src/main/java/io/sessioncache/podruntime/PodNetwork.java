package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where pods get their addresses and how they reach the API server.
 * <ul>
 * <li>{@link Mode#NAMESPACE}: this JVM runs in a network namespace made for it ({@code pod-runtime/in-network-namespace/bin/java}
 * sets {@value #NETNS_ENV}). Pods get 10.244.0.N on the bridge {@value #BRIDGE} of that namespace, so the endpoints and
 * EndpointSlice controllers accept them; the {@code kubernetes} Service's ClusterIP:443 is put on the bridge and
 * forwarded to the API server ({@link ApiServiceProxy}); and each container sees its service-account volume at the
 * path a kubelet mounts it ({@link ServiceAccountMount}). Kubernetes-API discovery runs as in a cluster.</li>
 * <li>{@link Mode#LOOPBACK} otherwise: 127.0.0.N, nothing to set up, the API server at 127.0.0.1 and its own port.
 * The endpoints controllers reject loopback pod IPs: a Service's Endpoints stay empty and only DNS discovery works.</li>
 * </ul>
 * Nothing but loopback addresses is ever added outside a namespace this code's launcher created: namespace mode needs
 * this JVM to be in the namespace the launcher named, and that namespace not to be the machine's own.
 */
public final class PodNetwork implements AutoCloseable {

    public enum Mode { LOOPBACK, NAMESPACE }

    /** Set by the launcher to the name of the network namespace it created for this JVM. */
    public static final String NETNS_ENV = "SESSIONCACHE_NETNS";
    /** Set by the launcher to the machine's own network namespace ({@code net:[inode]}), the one never to touch. */
    public static final String MACHINE_NETNS_ENV = "SESSIONCACHE_MACHINE_NETNS";
    static final String BRIDGE = "cni0";
    static final String POD_PREFIX = "10.244.0.";
    static final int API_SERVICE_PORT = 443;
    private static final String LOOPBACK_HOST = "127.0.0.1";
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration API_SERVICE_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(PodNetwork.class);

    private final Mode mode;
    private final String description;
    private final IpPool pool;
    private final String apiHost;
    private final int apiPort;
    private final ApiServiceProxy proxy;

    private PodNetwork(Mode mode, String description, IpPool pool, String apiHost, int apiPort, ApiServiceProxy proxy) {
        this.mode = mode;
        this.description = description;
        this.pool = pool;
        this.apiHost = apiHost;
        this.apiPort = apiPort;
        this.proxy = proxy;
    }

    /** Namespace mode when this JVM runs in a network namespace of its own, else loopback; logs which and why. */
    public static PodNetwork start(KubernetesClient client, int apiServerPort) {
        PodNetwork network = choose(client, apiServerPort);
        LOG.info("pod network: {}", network.description());
        return network;
    }

    private static PodNetwork choose(KubernetesClient client, int apiServerPort) {
        String netns = System.getenv(NETNS_ENV);
        if (netns == null || netns.isBlank()) {
            return loopback(apiServerPort, NETNS_ENV + " is not set (not started by pod-runtime/in-network-namespace/bin/java)");
        }
        String machine = System.getenv(MACHINE_NETNS_ENV);
        String own = ownNetworkNamespace();
        if (own == null || !own.equals(namedNetworkNamespace(netns)) || machine == null || machine.equals(own)) {
            return loopback(apiServerPort, NETNS_ENV + "=" + netns + " but this JVM is not in that namespace, or it is "
                    + "the machine's own (" + MACHINE_NETNS_ENV + "=" + machine + ", this JVM's " + own + ")");
        }
        try {
            if (!bridgeExists()) {
                ip("link", "add", BRIDGE, "type", "bridge");
            }
            ip("link", "set", BRIDGE, "up");
            String serviceIp = apiServiceIp(client);
            ip("addr", "add", serviceIp + "/32", "dev", BRIDGE);
            ApiServiceProxy proxy = ApiServiceProxy.start(serviceIp, API_SERVICE_PORT, apiServerPort);
            return new PodNetwork(Mode.NAMESPACE, "namespace " + netns + ": pod IPs " + POD_PREFIX + "N on bridge " + BRIDGE
                    + ", kubernetes Service " + serviceIp + ":" + API_SERVICE_PORT + " forwarded to the API server",
                    new IpPool(POD_PREFIX), serviceIp, API_SERVICE_PORT, proxy);
        } catch (IOException | RuntimeException e) {
            return loopback(apiServerPort, "cannot set up namespace " + netns + ": " + e.getMessage());
        }
    }

    private static PodNetwork loopback(int apiServerPort, String why) {
        return new PodNetwork(Mode.LOOPBACK, "loopback: pod IPs " + IpPool.LOOPBACK_PREFIX + "N, so Services have no "
                + "Endpoints and Kubernetes-API discovery cannot run (" + why + ")", new IpPool(), LOOPBACK_HOST,
                apiServerPort, null);
    }

    public Mode mode() {
        return mode;
    }

    public String description() {
        return description;
    }

    /** What pod IPs start with: {@code 127.0.0.} or {@code 10.244.0.}. */
    public String podAddressPrefix() {
        return pool.prefix();
    }

    /** The API server as pods address it: KUBERNETES_SERVICE_HOST and {@code kubernetes.default.svc}. */
    public String apiHost() {
        return apiHost;
    }

    public int apiPort() {
        return apiPort;
    }

    /** A free pod IP, usable (bound to an interface) when this returns. */
    public String allocate() {
        String address = pool.allocate();
        if (mode == Mode.NAMESPACE) {
            try {
                ip("addr", "add", address + "/32", "dev", BRIDGE);
            } catch (RuntimeException e) {
                pool.release(address);
                throw e;
            }
        }
        return address;
    }

    public void release(String address) {
        if (address == null) {
            return;
        }
        if (mode == Mode.NAMESPACE) {
            try {
                ip("addr", "del", address + "/32", "dev", BRIDGE);
            } catch (RuntimeException e) {
                LOG.warn("cannot remove pod IP {}: {}", address, e.getMessage());
            }
        }
        pool.release(address);
    }

    /** The command that runs a container: in namespace mode, in a mount namespace with its service-account volume. */
    public List<String> containerCommand(List<String> command, MountTable mounts) {
        return mode == Mode.NAMESPACE ? ServiceAccountMount.wrap(command, mounts) : command;
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
            try {
                ip("addr", "del", apiHost + "/32", "dev", BRIDGE);
            } catch (RuntimeException e) {
                LOG.warn("cannot remove the kubernetes Service IP: {}", e.getMessage());
            }
        }
    }

    /** This process's network namespace as {@code net:[inode]}, or null when it cannot be read. */
    static String ownNetworkNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** The network namespace {@code ip netns add} created under that name, as {@code net:[inode]}, or null. */
    static String namedNetworkNamespace(String name) {
        try {
            return "net:[" + Files.getAttribute(Path.of("/run/netns", name), "unix:ino") + "]";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** The ClusterIP the API server gave its own {@code kubernetes} Service (it creates it shortly after start). */
    private static String apiServiceIp(KubernetesClient client) {
        Instant deadline = Instant.now().plus(API_SERVICE_WAIT);
        while (true) {
            Service service = client.services().inNamespace("default").withName("kubernetes").get();
            if (service != null && service.getSpec().getClusterIP() != null) {
                return service.getSpec().getClusterIP();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no kubernetes Service in namespace default after " + API_SERVICE_WAIT);
            }
            PodWorker.pause(Duration.ofMillis(200));
        }
    }

    /** A runtime closed earlier in this JVM leaves the bridge, without addresses. */
    private static boolean bridgeExists() {
        return Files.exists(Path.of("/sys/class/net", BRIDGE));
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(IP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer in " + IP_TIMEOUT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
