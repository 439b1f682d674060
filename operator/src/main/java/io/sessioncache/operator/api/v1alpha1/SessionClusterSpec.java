package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionClusterSpec {

    public static final String DEFAULT_VERSION = "5.7.0";
    /** Environment variables the JVM or the image's start script reads as JVM options or a classpath. */
    static final String JVM_OPTION_CARRIERS = "['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_OPTS_DEFAULT', 'CLASSPATH_DEFAULT']";

    @SpecReplicas
    @Min(1)
    @Max(99)
    @Default("3")
    @JsonPropertyDescription("Number of Hazelcast members. Changed one member at a time, only while the cluster is safe.")
    private int replicas = 3;

    @Pattern("^[0-9]+\\.[0-9]+\\.[0-9]+$")
    @ValidationRule(value = SupportedVersions.RULE, message = SupportedVersions.MESSAGE)
    @Default(DEFAULT_VERSION)
    @JsonPropertyDescription("Hazelcast Community Edition version (major.minor.patch), " + SupportedVersions.RANGE
            + ". The image hazelcast/hazelcast:<version> is used unless 'image' is set. A patch change rolls member by "
            + "member; a change to another minor version (up or down) starts a second member set at that version, copies "
            + "the sessions into it and moves clients (status.upgrade), for sessions.framework SpringSession or "
            + "HazelcastWebFilter; otherwise, and for another major version, it is refused (Degraded, reason "
            + "UnsupportedVersionChange).")
    private String version = DEFAULT_VERSION;

    @JsonPropertyDescription("Member image override. Must contain Hazelcast of the given 'version': a tag that names "
            + "a version (5.7.0, 5.7.0-slim, 5.7) must name that one, or the spec is refused (InvalidSpec), so the "
            + "version policy cannot be bypassed through the image. An image by digest (@sha256:...) or with a tag "
            + "that names no version (latest) is trusted to hold 'version'.")
    private String image;

    @JsonPropertyDescription("Image pull policy of the member container.")
    private PullPolicy imagePullPolicy;

    @JsonPropertyDescription("Secrets used to pull the member image.")
    private List<LocalObjectReference> imagePullSecrets = new ArrayList<>();

    @SchemaFrom(type = MemberResourcesSchema.class)
    @JsonPropertyDescription("Compute resources of each member. The JVM heap is sized from the memory limit (see "
            + "jvm.maxRamPercentage). Every limit and request must be a quantity (512Mi, 1Gi, 500m, 2), at most "
            + MemberResourcesSchema.MAX_RESOURCES + " of each. Default: 512Mi memory request and limit, 100m CPU request.")
    private ResourceRequirements resources;

    @Default("{}")
    @JsonPropertyDescription("JVM settings of the members.")
    private JvmSpec jvm = new JvmSpec();

    @Default("{}")
    @JsonPropertyDescription("The session map held by the cluster: expiry, backups and eviction.")
    private SessionMapSpec sessions = new SessionMapSpec();

    @Default("{}")
    @JsonPropertyDescription("Near-cache policy published to applications in the client configuration.")
    private NearCacheSpec nearCache = new NearCacheSpec();

    @Default("{}")
    @JsonPropertyDescription("Where backups are placed relative to their primaries.")
    private HighAvailabilitySpec highAvailability = new HighAvailabilitySpec();

    @Min(10)
    @Max(3600)
    @Default("300")
    @JsonPropertyDescription("Longest time a member may take to hand its partitions over when it stops (hazelcast.graceful.shutdown.max.wait). The pod's termination grace period is 30 seconds longer.")
    private int gracefulShutdownSeconds = 300;

    @Default("{}")
    @JsonPropertyDescription("Jars added to the members' classpath (the session framework's member-side classes, or your own), from an image or volumes.")
    private MemberExtensionsSpec extensions = new MemberExtensionsSpec();

    @JsonPropertyDescription("Placement, metadata and extra volumes of member pods.")
    private MemberPodSpec pod = new MemberPodSpec();

    @Size(max = 100)
    @ValidationRule(value = "self.all(e, !(e.name in ['HAZELCAST_CONFIG', 'JAVA_OPTS', 'CLASSPATH', 'PROMETHEUS_PORT']) && !e.name.startsWith('HZ_'))",
            message = "HAZELCAST_CONFIG, JAVA_OPTS, CLASSPATH and PROMETHEUS_PORT are set by the operator (JVM options go in spec.jvm.options, "
                    + "jars in spec.extensions, the metrics port in spec.metrics), and HZ_* variables would override the configuration the operator renders")
    // The JVM reads the first two itself and the image's start script the other two: each would let an option that
    // spec.jvm.options refuses (-Xmx, -Dhz.*, a shutdown hook policy) or unchecked jars reach the member.
    @ValidationRule(value = "self.all(e, !(e.name in " + JVM_OPTION_CARRIERS + "))",
            message = "JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS_DEFAULT and CLASSPATH_DEFAULT would carry JVM options "
                    + "past the checks of spec.jvm.options, or jars past spec.extensions: use those fields instead")
    @JsonPropertyDescription("Extra environment variables of the member container. Refused: HAZELCAST_CONFIG, JAVA_OPTS, "
            + "CLASSPATH and PROMETHEUS_PORT, which the operator sets (JVM options go in jvm.options, jars in extensions, the metrics port in metrics), "
            + "HZ_* variables, which Hazelcast reads as overrides of the configuration the operator renders, and "
            + "JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS_DEFAULT and CLASSPATH_DEFAULT, which would carry JVM options "
            + "or jars past the checks of jvm.options and extensions. Changing them restarts the members one at a time.")
    private List<EnvVar> env = new ArrayList<>();

    @Default("{}")
    @JsonPropertyDescription("The Service applications connect to: type and annotations.")
    private ClientServiceSpec clientService = new ClientServiceSpec();

    @Default("{}")
    @JsonPropertyDescription("The NetworkPolicy that keeps every pod but the members, the operator and the named clients "
            + "away from the members' port.")
    private NetworkPolicySpec networkPolicy = new NetworkPolicySpec();

    @Default("{}")
    @JsonPropertyDescription("Member metrics in Prometheus format: on by default, on port 8080 of every member pod.")
    private MetricsSpec metrics = new MetricsSpec();

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public PullPolicy getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(PullPolicy imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public JvmSpec getJvm() {
        return jvm;
    }

    public void setJvm(JvmSpec jvm) {
        this.jvm = jvm;
    }

    public SessionMapSpec getSessions() {
        return sessions;
    }

    public void setSessions(SessionMapSpec sessions) {
        this.sessions = sessions;
    }

    public NearCacheSpec getNearCache() {
        return nearCache;
    }

    public void setNearCache(NearCacheSpec nearCache) {
        this.nearCache = nearCache;
    }

    public HighAvailabilitySpec getHighAvailability() {
        return highAvailability;
    }

    public void setHighAvailability(HighAvailabilitySpec highAvailability) {
        this.highAvailability = highAvailability;
    }

    public int getGracefulShutdownSeconds() {
        return gracefulShutdownSeconds;
    }

    public void setGracefulShutdownSeconds(int gracefulShutdownSeconds) {
        this.gracefulShutdownSeconds = gracefulShutdownSeconds;
    }

    public MemberExtensionsSpec getExtensions() {
        return extensions;
    }

    public void setExtensions(MemberExtensionsSpec extensions) {
        this.extensions = extensions;
    }

    public MemberPodSpec getPod() {
        return pod;
    }

    public void setPod(MemberPodSpec pod) {
        this.pod = pod;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public ClientServiceSpec getClientService() {
        return clientService;
    }

    public void setClientService(ClientServiceSpec clientService) {
        this.clientService = clientService;
    }

    public NetworkPolicySpec getNetworkPolicy() {
        return networkPolicy;
    }

    public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    public MetricsSpec getMetrics() {
        return metrics;
    }

    public void setMetrics(MetricsSpec metrics) {
        this.metrics = metrics;
    }

    public enum PullPolicy {
        Always,
        IfNotPresent,
        Never
    }
}
