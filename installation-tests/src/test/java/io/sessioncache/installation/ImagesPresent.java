package io.sessioncache.installation;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Disables a {@link NeedsImages} class, saying why, where there is no Docker engine or an image is not built. */
final class ImagesPresent implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<NeedsImages> needs = context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, NeedsImages.class));
        if (needs.isEmpty()) {
            return ConditionEvaluationResult.enabled("no images needed");
        }
        Optional<String> noEngine = DockerCli.engineMissing();
        if (noEngine.isPresent()) {
            return ConditionEvaluationResult.disabled("SKIPPED: " + noEngine.get()
                    + ", then build the images with `" + DockerCli.BUILD_COMMAND + " " + needs.get().build() + "`");
        }
        List<String> missing = List.of(needs.get().value()).stream().filter(image -> !DockerCli.imageExists(image)).toList();
        if (!missing.isEmpty()) {
            return ConditionEvaluationResult.disabled("SKIPPED: " + String.join(", ", missing)
                    + " not in the local Docker engine; build with `" + DockerCli.BUILD_COMMAND + " " + needs.get().build() + "`");
        }
        return ConditionEvaluationResult.enabled("Docker engine and images present");
    }
}
