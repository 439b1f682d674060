package io.sessioncache.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's JVM options, read from the Helm chart's {@code javaOptions}: the one place they are written, so the
 * sandbox and the tests run the operator with exactly the options a cluster install gives it (the kubectl bundle is
 * rendered from the chart).
 */
public final class OperatorJvmOptions {

    public static final String CHART_VALUES = "helm/sessioncache-operator/values.yaml";
    static final String KEY = "javaOptions";

    private OperatorJvmOptions() {
    }

    public static List<String> fromChart(Path repositoryRoot) {
        Path values = repositoryRoot.resolve(CHART_VALUES);
        try {
            JsonNode options = new ObjectMapper(new YAMLFactory()).readTree(values.toFile()).path(KEY);
            if (!options.isTextual()) {
                throw new IllegalStateException(values + " has no text value " + KEY);
            }
            return split(options.asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options as run-java.sh passes JAVA_OPTS to java: split at whitespace. */
    public static List<String> split(String options) {
        String trimmed = options.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
