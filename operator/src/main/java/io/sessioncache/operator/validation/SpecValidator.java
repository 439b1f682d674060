package io.sessioncache.operator.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.sessioncache.operator.api.v1alpha1.MemberExtensionsSpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterSpec;
import io.sessioncache.operator.api.v1alpha1.SessionFramework;
import io.sessioncache.operator.api.v1alpha1.SessionMapSpec;
import io.sessioncache.operator.model.MemberExtensions;
import io.sessioncache.operator.model.RenderedConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the schema cannot express: rules across fields, and whether Hazelcast itself accepts the rendered configs.
 * Pure: the same resource always gives the same problems.
 */
public final class SpecValidator {

    /** Below this a member's heap cannot hold Hazelcast itself plus a useful number of sessions. */
    public static final Quantity MIN_MEMORY_LIMIT = new Quantity("256Mi");

    private SpecValidator() {
    }

    /** @param runningVersion the Hazelcast version the members run now, when there are members */
    public static List<SpecProblem> validate(SessionCluster cluster, RenderedConfig config, Optional<String> runningVersion) {
        SessionClusterSpec spec = cluster.getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        VersionPolicy.check(runningVersion, spec.getVersion()).ifPresent(problems::add);
        checkBackupsFit(spec, problems);
        checkMemoryLimit(spec.getResources(), problems);
        checkFrameworkClassesProvided(spec, problems);
        if (problems.isEmpty()) {
            checkHazelcastAccepts(config, problems);
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

    private static void checkMemoryLimit(ResourceRequirements resources, List<SpecProblem> problems) {
        if (resources == null) {
            return;
        }
        Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get("memory");
        if (limit == null) {
            problems.add(new SpecProblem("spec.resources.limits.memory",
                    "a memory limit is required: the member heap is sized from it"));
            return;
        }
        BigDecimal bytes = limit.getNumericalAmount();
        if (bytes.compareTo(MIN_MEMORY_LIMIT.getNumericalAmount()) < 0) {
            problems.add(new SpecProblem("spec.resources.limits.memory",
                    "%s is below the minimum of %s for a Hazelcast member".formatted(limit, MIN_MEMORY_LIMIT)));
        }
        Quantity request = resources.getRequests() == null ? null : resources.getRequests().get("memory");
        if (request != null && request.getNumericalAmount().compareTo(bytes) > 0) {
            problems.add(new SpecProblem("spec.resources.requests.memory",
                    "request %s is above the limit %s".formatted(request, limit)));
        }
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

    private static void checkHazelcastAccepts(RenderedConfig config, List<SpecProblem> problems) {
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
    }
}
