package io.sessioncache.operator.validation;

import io.sessioncache.operator.api.v1alpha1.JvmSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * -Xms is the one heap option the schema lets through. Up to the heap the operator sizes from the memory limit
 * (jvm.maxRamPercentage of it) it only saves the heap from growing; above it the JVM raises its maximum heap to match,
 * past what the memory limit leaves room for, and the member is killed by the kernel once the heap fills.
 */
final class InitialHeap {

    private static final Pattern XMS = Pattern.compile("^-Xms(\\d+)([kKmMgGtT]?)$");
    private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024);

    private InitialHeap() {
    }

    static Optional<SpecProblem> check(JvmSpec jvm, BigDecimal memoryLimitBytes) {
        BigDecimal heap = memoryLimitBytes.multiply(BigDecimal.valueOf(jvm.getMaxRamPercentage()))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN);
        return jvm.getOptions().stream()
                .filter(option -> option.startsWith("-Xms"))
                .map(option -> problem(option, heap))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<SpecProblem> problem(String option, BigDecimal heap) {
        Matcher size = XMS.matcher(option);
        if (!size.matches()) {
            return Optional.of(new SpecProblem("spec.jvm.options",
                    option + " is not an initial heap size the JVM reads (e.g. -Xms512m)"));
        }
        BigDecimal bytes = new BigDecimal(size.group(1)).multiply(unit(size.group(2)));
        if (bytes.compareTo(heap) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SpecProblem("spec.jvm.options", ("%s is above the heap of %sMi "
                + "(spec.jvm.maxRamPercentage of spec.resources.limits.memory); the JVM would raise its heap to match, "
                + "past what the memory limit leaves room for. Lower -Xms, or raise the memory limit or "
                + "spec.jvm.maxRamPercentage").formatted(option, heap.divide(MI, 0, RoundingMode.DOWN))));
    }

    private static BigDecimal unit(String suffix) {
        int shift = switch (suffix.toLowerCase()) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return BigDecimal.valueOf(1L << shift);
    }
}
