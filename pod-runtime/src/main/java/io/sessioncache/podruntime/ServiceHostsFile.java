package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster DNS of this runtime, as a hosts file that member JVMs (and test JVMs) read through
 * {@code -Djdk.net.hosts.file}. A headless Service resolves to its pods (not-ready ones too when it publishes them), a
 * ClusterIP Service to its Ready pods, standing in for kube-proxy's virtual IP, and a StatefulSet pod's
 * {@code <hostname>.<subdomain>} name to its pod IP.
 */
public final class ServiceHostsFile {

    private static final String[] DOMAINS = {".svc", ".svc.cluster.local"};

    private final Path file;
    private final String apiServiceHost;
    private String written;

    /** @param apiServiceHost where {@code kubernetes.default.svc} points: the API server as pods reach it */
    public ServiceHostsFile(Path file, String apiServiceHost) {
        this.file = file;
        this.apiServiceHost = apiServiceHost;
    }

    public Path file() {
        return file;
    }

    /** Rewrites the file atomically when its content changed. */
    public synchronized void update(Collection<Service> services, Collection<PodEndpoint> pods) {
        String content = render(services, pods, localHostname(), apiServiceHost);
        if (content.equals(written)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".hosts", ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static String render(Collection<Service> services, Collection<PodEndpoint> pods, String machineHostname,
                                String apiServiceHost) {
        Map<String, TreeSet<String>> addressesByName = new TreeMap<>();
        for (Service service : services) {
            if (service.getSpec() == null || service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
                continue;
            }
            boolean headless = "None".equals(service.getSpec().getClusterIP());
            boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
            String namespace = service.getMetadata().getNamespace();
            for (PodEndpoint pod : pods) {
                if (!pod.namespace().equals(namespace) || pod.ip() == null || !selects(service.getSpec().getSelector(), pod.labels())) {
                    continue;
                }
                boolean published = headless && publishNotReady || pod.ready() && !pod.terminating();
                if (published) {
                    for (String domain : DOMAINS) {
                        addressesByName.computeIfAbsent(service.getMetadata().getName() + "." + namespace + domain,
                                k -> new TreeSet<>()).add(pod.ip());
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("# written by the sessioncache local pod runtime; rewritten whenever pods or Services change");
        lines.add("127.0.0.1 localhost " + machineHostname);
        // The API server, as pods know it (its port is in KUBERNETES_SERVICE_PORT).
        lines.add(apiServiceHost + " kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local");
        addressesByName.forEach((name, ips) -> ips.forEach(ip -> lines.add(ip + " " + name)));
        for (PodEndpoint pod : pods) {
            if (pod.ip() != null && pod.hostname() != null && pod.subdomain() != null) {
                String base = pod.hostname() + "." + pod.subdomain() + "." + pod.namespace();
                lines.add(pod.ip() + " " + base + DOMAINS[0] + " " + base + DOMAINS[1]);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static String localHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
