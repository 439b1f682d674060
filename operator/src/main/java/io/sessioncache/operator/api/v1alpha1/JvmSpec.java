package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JvmSpec {

    @Min(10)
    @Max(95)
    @Default("75")
    @JsonPropertyDescription("Share of the container memory limit given to the heap (-XX:MaxRAMPercentage).")
    private int maxRamPercentage = 75;

    @JsonPropertyDescription("Extra JVM options appended to the member's JAVA_OPTS.")
    private List<String> options = new ArrayList<>();

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
