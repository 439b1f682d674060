package io.sessioncache.operator.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.sessioncache.operator.api.v1alpha1.MemberPodSpec;
import io.sessioncache.operator.api.v1alpha1.MemberExtensionsSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.api.v1alpha1.SessionMapSpec;
import io.sessioncache.operator.model.MemberExtensions;
import io.sessioncache.operator.model.MemberStatefulSet;
import io.sessioncache.operator.model.RenderedConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the schema cannot express: rules across fields, and whether Hazelcast itself accepts the rendered configs.
 * Pure: the same resource always gives the same problems.
 */
public final class SpecValidator {

    /** Below this a member's heap cannot hold Hazelcast itself plus a useful number of sessions. */
    public static final Quantity MIN_MEMORY_LIMIT = new Quantity("256Mi");
    /** Whether Hazelcast loads a member and client config pair; by content, so each distinct pair is parsed once. */
    private static final VerdictCache<List<SpecProblem>> ACCEPTED = new VerdictCache<>(1024);
    /** Whether members of a new config join the running ones; by the pair's content. */
    private static final VerdictCache<List<SpecProblem>> JOINABLE = new VerdictCache<>(1024);

    private SpecValidator() {
    }

    /** @param running what the members run now, which the change must stay compatible with */
    public static List<SpecProblem> validate(SessionCluster cluster, RenderedConfig config, RunningMembers running) {
        SessionClusterSpec spec = cluster.getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        VersionPolicy.check(running.version(), spec.getVersion(), spec.getSessions().getFramework()).ifPresent(problems::add);
        ImageVersion.check(spec.getImage(), spec.getVersion()).ifPresent(problems::add);
        checkBackupsFit(spec, problems);
        checkMemory(spec, problems);
        checkVolumeMounts(spec.getPod(), problems);
        checkFrameworkClassesProvided(spec, problems);
        if (problems.isEmpty()) {
            problems.addAll(ACCEPTED.verdict(() -> hazelcastAccepts(config), config.memberYaml(), config.clientYaml()));
        }
        if (problems.isEmpty()) {
            running.memberYaml().ifPresent(yaml -> problems.addAll(
                    JOINABLE.verdict(() -> JoinCompatibility.check(yaml, config.memberYaml()), yaml, config.memberYaml())));
        }
        return problems;
    }

    private static void checkBackupsFit(SessionClusterSpec spec, List<SpecProblem> problems) {
        SessionMapSpec sessions = spec.getSessions();
        int needed = sessions.totalBackups() + 1;
        if (spec.getReplicas() < needed) {
            problems.add(new SpecProblem("spec.sessions.backupCount",
                    "%d backup(s) (backupCount %d + asyncBackupCount %d) need at least %d members, but spec.replicas is %d"
                            .formatted(sessions.totalBackups(), sessions.getBackupCount(), sessions.getAsyncBackupCount(),
                                    needed, spec.getReplicas())));
        }
    }

    /** Checks the resources the members get: the user's, or the defaults when none are given. */
    private static void checkMemory(SessionClusterSpec spec, List<SpecProblem> problems) {
        ResourceRequirements resources = MemberStatefulSet.resources(spec);
        Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get("memory");
        if (limit == null) {
            problems.add(new SpecProblem("spec.resources.limits.memory",
                    "a memory limit is required: the member heap is sized from it"));
            return;
        }
        Optional<BigDecimal> bytes = bytes(limit, "spec.resources.limits.memory", problems);
        if (bytes.isEmpty()) {
            return;
        }
        if (bytes.get().compareTo(MIN_MEMORY_LIMIT.getNumericalAmount()) < 0) {
            problems.add(new SpecProblem("spec.resources.limits.memory",
                    "%s is below the minimum of %s for a Hazelcast member".formatted(limit, MIN_MEMORY_LIMIT)));
        }
        Quantity request = resources.getRequests() == null ? null : resources.getRequests().get("memory");
        if (request != null && bytes(request, "spec.resources.requests.memory", problems)
                .filter(requested -> requested.compareTo(bytes.get()) > 0).isPresent()) {
            problems.add(new SpecProblem("spec.resources.requests.memory",
                    "request %s is above the limit %s".formatted(request, limit)));
        }
        InitialHeap.check(spec.getJvm(), bytes.get()).ifPresent(problems::add);
    }

    /** The schema refuses non-quantities; a resource admitted before it did must not end the reconcile in an exception. */
    private static Optional<BigDecimal> bytes(Quantity quantity, String field, List<SpecProblem> problems) {
        try {
            return Optional.of(quantity.getNumericalAmount());
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(new SpecProblem(field, "'%s' is not a quantity (e.g. 512Mi, 1Gi)".formatted(quantity)));
            return Optional.empty();
        }
    }

    /** A mount of a volume the pod does not have makes every member pod invalid (the schema's CEL budget cannot check it). */
    private static void checkVolumeMounts(MemberPodSpec pod, List<SpecProblem> problems) {
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        pod.getVolumeMounts().stream()
                .filter(mount -> !volumes.contains(mount.getName()))
                .forEach(mount -> problems.add(new SpecProblem("spec.pod.volumeMounts",
                        "the mount at %s names volume '%s', which is not in spec.pod.volumes".formatted(mount.getMountPath(), mount.getName()))));
    }

    /** Members of a framework without its classes fail to start (SpringSession) or to run its operations. */
    private static void checkFrameworkClassesProvided(SessionClusterSpec spec, List<SpecProblem> problems) {
        SessionFramework framework = spec.getSessions().getFramework();
        MemberExtensionsSpec extensions = spec.getExtensions();
        boolean provided = MemberExtensions.image(spec).isPresent() || notBlank(extensions.getConfigMap())
                || notBlank(extensions.getPersistentVolumeClaim());
        if (framework.needsMemberClasses() && !provided) {
            problems.add(new SpecProblem("spec.extensions",
                    ("sessions.framework %s needs its classes on the members, and extensions.frameworkImage is false with no "
                            + "image, configMap or persistentVolumeClaim: set one, or frameworkImage true").formatted(framework)));
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static List<SpecProblem> hazelcastAccepts(RenderedConfig config) {
        List<SpecProblem> problems = new ArrayList<>();
        try {
            HazelcastConfigCheck.parseMember(config.memberYaml());
        } catch (HazelcastConfigCheck.InvalidConfigException e) {
            problems.add(new SpecProblem("spec", e.getMessage()));
        }
        try {
            HazelcastConfigCheck.parseClient(config.clientYaml());
        } catch (HazelcastConfigCheck.InvalidConfigException e) {
            problems.add(new SpecProblem("spec.nearCache", e.getMessage()));
        }
        return List.copyOf(problems);
    }
}
