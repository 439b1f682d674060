package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JvmSpec {

    // Options that would silently undo what the operator relies on: the member config it renders and checks, graceful
    // shutdown, the member's address, and a heap sized from the memory limit. Each rule names the first offending
    // option and the spec field to use instead. -Xms is checked against the heap by the operator (SpecValidator).
    static final String WHITESPACE = "o.matches('\\\\s')";
    static final String CONFIG_OVERRIDE = "o.startsWith('-Dhz.') || o == '-Dhazelcast.config' "
            + "|| o.startsWith('-Dhazelcast.config=')";
    static final String SHUTDOWN = "o.startsWith('-Dhazelcast.shutdownhook.') "
            + "|| o.startsWith('-Dhazelcast.graceful.shutdown.max.wait')";
    static final String PARTITION_COUNT = "o.startsWith('-Dhazelcast.partition.count')";
    static final String ADDRESS = "o.startsWith('-Dhazelcast.local.')";
    static final String HEAP = "o.startsWith('-Xmx') || o.startsWith('-XX:MaxHeapSize') || o.startsWith('-XX:MaxRAM') "
            + "|| o.startsWith('-XX:MinRAM') || o.startsWith('-XX:InitialHeapSize') || o.startsWith('-XX:ErgoHeapSizeLimit') "
            + "|| o == '-XX:-UseContainerSupport'";
    static final String FROM_FILE = "o.startsWith('@') || o.startsWith('-XX:VMOptionsFile') || o.startsWith('-XX:Flags')";

    @Min(10)
    @Max(95)
    @Default("75")
    @JsonPropertyDescription("Share of the container memory limit given to the heap (-XX:MaxRAMPercentage).")
    private int maxRamPercentage = 75;

    @Size(max = 64)
    @ValidationRule(value = "!self.exists(o, " + WHITESPACE + ")", messageExpression = "'\\'' + self.filter(o, "
            + WHITESPACE + ")[0] + '\\': one option per item (JAVA_OPTS is split at whitespace)'")
    @ValidationRule(value = "!self.exists(o, " + CONFIG_OVERRIDE + ")", messageExpression = "self.filter(o, "
            + CONFIG_OVERRIDE + ")[0] + ' would replace the member config the operator renders and checks: set the "
            + "spec field for that setting instead'")
    @ValidationRule(value = "!self.exists(o, " + SHUTDOWN + ")", messageExpression = "self.filter(o, " + SHUTDOWN
            + ")[0] + ' would change the GRACEFUL shutdown members need to hand their sessions over: set "
            + "spec.gracefulShutdownSeconds instead'")
    @ValidationRule(value = "!self.exists(o, " + PARTITION_COUNT + ")", messageExpression = "self.filter(o, "
            + PARTITION_COUNT + ")[0] + ' is refused: Hazelcast\\'s join check needs one partition count in a cluster, "
            + "so it cannot change member by member'")
    @ValidationRule(value = "!self.exists(o, " + ADDRESS + ")", messageExpression = "self.filter(o, " + ADDRESS
            + ")[0] + ' is refused: a member\\'s address is its pod\\'s, where discovery and health checks find it'")
    @ValidationRule(value = "!self.exists(o, " + HEAP + ")", messageExpression = "self.filter(o, " + HEAP
            + ")[0] + ' is refused: the heap is sized from spec.resources.limits.memory by spec.jvm.maxRamPercentage; "
            + "set those instead (-Xms up to that heap is allowed)'")
    @ValidationRule(value = "!self.exists(o, " + FROM_FILE + ")", messageExpression = "self.filter(o, " + FROM_FILE
            + ")[0] + ' is refused: options read from a file cannot be checked; list them here'")
    @JsonPropertyDescription("Extra JVM options appended to the member's JAVA_OPTS, one option per item. Refused, "
            + "because they would silently defeat what the operator relies on: -Dhz.* and -Dhazelcast.config (they "
            + "replace the rendered member config), -Dhazelcast.shutdownhook.* and "
            + "-Dhazelcast.graceful.shutdown.max.wait (use gracefulShutdownSeconds), -Dhazelcast.partition.count "
            + "(Hazelcast's join check), -Dhazelcast.local.* (the member's address), -Xmx, -XX:MaxHeapSize, "
            + "-XX:MaxRAM*, -XX:MinRAM*, -XX:InitialHeapSize, -XX:ErgoHeapSizeLimit and -XX:-UseContainerSupport (the "
            + "heap is maxRamPercentage of the memory limit), and options from files (@file, -XX:VMOptionsFile, "
            + "-XX:Flags). -Xms is allowed up to the heap: above it the JVM would raise the heap to match.")
    private List<@Size(max = 1024) String> options = new ArrayList<>();

    public int getMaxRamPercentage() {
        return maxRamPercentage;
    }

    public void setMaxRamPercentage(int maxRamPercentage) {
        this.maxRamPercentage = maxRamPercentage;
    }

    public List<String> getOptions() {
        return options;
    }

    public void setOptions(List<String> options) {
        this.options = options;
    }
}
