package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members' StatefulSet. Its update strategy is OnDelete: the operator alone replaces pods, one at a time and only
 * while the cluster is safe.
 */
public final class MemberStatefulSet {

    static final String HOSTNAME_KEY = "kubernetes.io/hostname";
    static final String ZONE_KEY = "topology.kubernetes.io/zone";

    public static final String CONTAINER = "hazelcast";
    public static final String CONFIG_DIR = "/data/hazelcast";
    public static final String TMP_DIR = "/tmp";
    /** Environment variables the operator sets on members; the schema refuses them in spec.env. */
    public static final Set<String> OPERATOR_ENV = Set.of("HAZELCAST_CONFIG", "JAVA_OPTS", MemberMetrics.PORT_ENV);
    private static final String CONFIG_VOLUME = "config";
    private static final String TMP_VOLUME = "tmp";
    /** Volumes the operator adds to member pods; the schema refuses their names in spec.pod.volumes. */
    public static final Set<String> OPERATOR_VOLUMES = Set.of(CONFIG_VOLUME, TMP_VOLUME);
    public static final String CONFIG_HASH_ANNOTATION = "sessioncache.io/member-config-hash";
    public static final String DEFAULT_IMAGE_REPOSITORY = "hazelcast/hazelcast";
    /** The operator waits this much longer than Hazelcast's own graceful-shutdown bound before Kubernetes kills. */
    public static final int TERMINATION_MARGIN_SECONDS = 30;
    public static final long MEMBER_USER = 1001L;

    static final Quantity DEFAULT_MEMORY = new Quantity("512Mi");
    static final Quantity DEFAULT_CPU = new Quantity("100m");

    private MemberStatefulSet() {
    }

    public static StatefulSet build(SessionCluster cluster, String memberConfigHash) {
        return build(cluster, memberConfigHash, cluster.getSpec().getReplicas());
    }

    /** @param members the replicas for this step; below spec.replicas while a scale-down removes one member at a time */
    public static StatefulSet build(SessionCluster cluster, String memberConfigHash, int members) {
        return build(cluster, MemberSet.serving(cluster), memberConfigHash, members);
    }

    public static StatefulSet build(SessionCluster cluster, MemberSet set, String memberConfigHash, int members) {
        return new StatefulSetBuilder()
                .withMetadata(ChildMetadata.of(cluster, set.statefulSet()))
                .withNewSpec()
                .withReplicas(members)
                .withServiceName(set.membersService())
                .withPodManagementPolicy("OrderedReady")
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withNewSelector().withMatchLabels(ClusterLabels.selector(cluster)).endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(ClusterLabels.pod(cluster))
                .withAnnotations(podAnnotations(cluster, memberConfigHash))
                .endMetadata()
                .withSpec(podSpec(cluster, set))
                .endTemplate()
                .endSpec()
                .build();
    }

    public static String image(SessionClusterSpec spec) {
        String override = blankToNull(spec.getImage());
        return override != null ? override : DEFAULT_IMAGE_REPOSITORY + ":" + spec.getVersion();
    }

    /** The API server drops empty strings from pod specs; keeping one would make the StatefulSet differ forever. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The user's resources, or a 512Mi member when none are given; the heap is a share of the memory limit. */
    public static ResourceRequirements resources(SessionClusterSpec spec) {
        if (spec.getResources() != null) {
            return spec.getResources();
        }
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", DEFAULT_CPU, "memory", DEFAULT_MEMORY))
                .withLimits(Map.of("memory", DEFAULT_MEMORY))
                .build();
    }

    /** The scrape annotations first, so the user's own (spec.pod.annotations) can override them. */
    private static Map<String, String> podAnnotations(SessionCluster cluster, String memberConfigHash) {
        Map<String, String> annotations = MemberMetrics.scrapeAnnotations(cluster.getSpec());
        annotations.putAll(cluster.getSpec().getPod().getAnnotations());
        annotations.put(CONFIG_HASH_ANNOTATION, memberConfigHash);
        return annotations;
    }

    private static PodSpec podSpec(SessionCluster cluster, MemberSet set) {
        SessionClusterSpec spec = cluster.getSpec();
        boolean apiDiscovery = MemberConfigYaml.usesKubernetesApiDiscovery(cluster);
        PodSpecBuilder pod = new PodSpecBuilder()
                .withInitContainers(MemberExtensions.initContainers(spec))
                .withContainers(container(cluster))
                .withVolumes(volumes(cluster, set))
                .withTerminationGracePeriodSeconds((long) spec.getGracefulShutdownSeconds() + TERMINATION_MARGIN_SECONDS)
                .withAutomountServiceAccountToken(apiDiscovery)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(MEMBER_USER)
                        .withRunAsGroup(MEMBER_USER)
                        .withFsGroup(MEMBER_USER)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .withImagePullSecrets(spec.getImagePullSecrets())
                .withNodeSelector(spec.getPod().getNodeSelector())
                .withTolerations(spec.getPod().getTolerations())
                .withAffinity(spec.getPod().getAffinity())
                .withPriorityClassName(blankToNull(spec.getPod().getPriorityClassName()))
                .withTopologySpreadConstraints(topologySpread(cluster));
        if (apiDiscovery) {
            pod.withServiceAccountName(ClusterNames.of(cluster).memberServiceAccount());
        }
        return pod.build();
    }

    private static Container container(SessionCluster cluster) {
        SessionClusterSpec spec = cluster.getSpec();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image(spec))
                .withImagePullPolicy(spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().name())
                .withEnv(env(spec))
                .addNewPort().withName(MemberPorts.MEMBER_NAME).withContainerPort(MemberPorts.MEMBER).withProtocol("TCP").endPort()
                .addAllToPorts(MemberMetrics.ports(spec))
                .withResources(resources(spec))
                .withReadinessProbe(readinessProbe())
                .withLivenessProbe(livenessProbe())
                .withVolumeMounts(volumeMounts(spec))
                .withSecurityContext(restrictedContainer())
                .build();
    }

    /** What the restricted Pod Security Standard asks of every container of the pod, init containers included. */
    static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    private static List<EnvVar> env(SessionClusterSpec spec) {
        List<String> javaOpts = new ArrayList<>();
        javaOpts.add("-XX:MaxRAMPercentage=" + spec.getJvm().getMaxRamPercentage() + ".0");
        javaOpts.add("-XX:+ExitOnOutOfMemoryError");
        javaOpts.addAll(spec.getJvm().getOptions());
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("HAZELCAST_CONFIG", CONFIG_DIR + "/" + MemberConfigYaml.FILE, null));
        env.add(new EnvVar("JAVA_OPTS", String.join(" ", javaOpts), null));
        env.addAll(MemberMetrics.env(spec));
        MemberExtensions.classpath(spec).ifPresent(env::add);
        env.addAll(spec.getEnv());
        return env;
    }

    /** Ready once the member has joined the cluster and accepts clients. */
    private static Probe readinessProbe() {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(MemberPorts.HEALTH_READY).withPort(new IntOrString(MemberPorts.MEMBER)).endHttpGet()
                .withInitialDelaySeconds(5)
                .withPeriodSeconds(5)
                .withTimeoutSeconds(5)
                .withFailureThreshold(3)
                .build();
    }

    /**
     * Alive while the member answers its node state, in whatever state: a member shutting down gracefully answers 200
     * "PASSIVE" for as long as it hands its partitions over, so liveness never kills it half-way
     * (LivenessDuringGracefulShutdownTest). Only a member that stops answering for a minute is restarted.
     */
    private static Probe livenessProbe() {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(MemberPorts.HEALTH_NODE_STATE).withPort(new IntOrString(MemberPorts.MEMBER)).endHttpGet()
                .withInitialDelaySeconds(60)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(10)
                .withFailureThreshold(6)
                .build();
    }

    /** The operator's mounts, then the user's extra ones. */
    private static List<VolumeMount> volumeMounts(SessionClusterSpec spec) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(CONFIG_DIR).withReadOnly(true).build());
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_DIR).build());
        mounts.addAll(MemberExtensions.memberMounts(spec));
        mounts.addAll(spec.getPod().getVolumeMounts());
        return mounts;
    }

    /** The operator's volumes, then the user's extra ones. */
    private static List<Volume> volumes(SessionCluster cluster, MemberSet set) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(CONFIG_VOLUME)
                .withNewConfigMap().withName(set.memberConfigMap()).endConfigMap().build());
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        volumes.addAll(MemberExtensions.volumes(cluster.getSpec()));
        volumes.addAll(cluster.getSpec().getPod().getVolumes());
        return volumes;
    }

    /**
     * Members spread over nodes and zones, so one node or zone going takes as few of them as can be: preferred by
     * default, required on the key that highAvailability.mode puts partition groups on. spec.pod's own replace these.
     */
    private static List<TopologySpreadConstraint> topologySpread(SessionCluster cluster) {
        List<TopologySpreadConstraint> own = cluster.getSpec().getPod().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) {
            return own;
        }
        HighAvailabilitySpec.Mode mode = cluster.getSpec().getHighAvailability().getMode();
        return List.of(spread(cluster, HOSTNAME_KEY, mode == HighAvailabilitySpec.Mode.Node),
                spread(cluster, ZONE_KEY, mode == HighAvailabilitySpec.Mode.Zone));
    }

    private static TopologySpreadConstraint spread(SessionCluster cluster, String topologyKey, boolean required) {
        return new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey(topologyKey)
                .withWhenUnsatisfiable(required ? "DoNotSchedule" : "ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(ClusterLabels.selector(cluster)).endLabelSelector()
                .build();
    }
}
