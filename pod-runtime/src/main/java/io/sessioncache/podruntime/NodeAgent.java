package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one Node and keeps it alive the way a kubelet does: its Lease in kube-node-lease renewed every 10 s and its
 * Ready condition's heartbeat refreshed every minute, so the node-lifecycle controller neither taints it nor evicts its
 * pods. Labels: the ones every kubelet sets, and the {@link LocalNode}'s own (a zone).
 */
public final class NodeAgent implements AutoCloseable {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_SECONDS = 40;
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String KUBELET_VERSION = "v1.34.4";

    private final KubernetesClient client;
    private final String nodeName;
    private final Map<String, String> labels;
    private final String hostIp;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public NodeAgent(KubernetesClient client, LocalNode node, String hostIp) {
        this.client = client;
        this.nodeName = node.name();
        this.labels = labels(node);
        this.hostIp = hostIp;
    }

    static Map<String, String> labels(LocalNode node) {
        Map<String, String> labels = new TreeMap<>(node.labels());
        labels.put(LocalNode.HOSTNAME_LABEL, node.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("node.sessioncache.io/local-pod-runtime", "true");
        return Map.copyOf(labels);
    }

    public void register() {
        Node node = new NodeBuilder().withNewMetadata().withName(nodeName).withLabels(labels).endMetadata()
                .withStatus(status(Instant.now()))
                .build();
        if (client.nodes().withName(nodeName).get() == null) {
            client.nodes().resource(node).create();
        }
        patchStatus(Instant.now());
        renewLease();
        heartbeat.scheduleAtFixedRate(this::renewLeaseQuietly, 10, 10, TimeUnit.SECONDS);
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                patchStatus(Instant.now());
            } catch (KubernetesClientException e) {
                LOG.warn("cannot refresh node status: {}", e.getMessage());
            }
        }, 60, 60, TimeUnit.SECONDS);
        LOG.info("node {} registered", nodeName);
    }

    public String nodeName() {
        return nodeName;
    }

    NodeStatus status(Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity(String.valueOf(totalMemoryBytes())),
                "pods", new Quantity("110"),
                "ephemeral-storage", new Quantity("50Gi"));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(
                        condition("Ready", "True", "KubeletReady", "local pod runtime is posting ready status", time),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", time),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", time),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "", time))
                .addNewAddress().withType("InternalIP").withAddress(hostIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(nodeName).endAddress()
                .withNewNodeInfo()
                .withArchitecture("amd64").withOperatingSystem("linux").withOsImage("sessioncache local pod runtime")
                .withKernelVersion(System.getProperty("os.version")).withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion(KUBELET_VERSION).withContainerRuntimeVersion("sessioncache-pod-runtime://0.1.0")
                .withMachineID(nodeName).withSystemUUID(nodeName).withBootID(nodeName)
                .endNodeInfo()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .build();
    }

    private void patchStatus(Instant now) {
        String json = client.getKubernetesSerialization().asJson(Map.of("status", status(now)));
        client.nodes().withName(nodeName).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String time) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(time).withLastTransitionTime(time).build();
    }

    private void renewLeaseQuietly() {
        try {
            renewLease();
        } catch (RuntimeException e) {
            LOG.warn("cannot renew node lease: {}", e.getMessage());
        }
    }

    private void renewLease() {
        String now = MICRO_TIME.format(Instant.now());
        var leases = client.resources(Lease.class).inNamespace(LEASE_NAMESPACE);
        if (leases.withName(nodeName).get() == null) {
            Node node = client.nodes().withName(nodeName).get();
            leases.resource(new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(LEASE_NAMESPACE)
                    .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(nodeName)
                    .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata()
                    .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(java.time.ZonedDateTime.now(ZoneOffset.UTC)).endSpec()
                    .build()).create();
        } else {
            leases.withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"renewTime\":\"" + now + "\",\"holderIdentity\":\"" + nodeName + "\"}}");
        }
    }

    private static long totalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 8L << 30;
    }

    /** Stops the heartbeat, as a kubelet that stops does; the Node stays. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    /** Stops the heartbeat and deletes the Node and its Lease, as when a machine leaves the cluster. */
    public void deregister() {
        close();
        client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(nodeName).delete();
        client.nodes().withName(nodeName).delete();
        LOG.info("node {} removed", nodeName);
    }
}
