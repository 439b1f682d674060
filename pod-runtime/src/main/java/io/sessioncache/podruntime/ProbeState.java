package io.sessioncache.podruntime;

/**
 * The kubelet's threshold rule for one probe: the result flips to success after successThreshold consecutive
 * successes and to failure after failureThreshold consecutive failures.
 */
public final class ProbeState {

    private final int successThreshold;
    private final int failureThreshold;
    private boolean passing;
    private int successes;
    private int failures;

    public ProbeState(int successThreshold, int failureThreshold, boolean initiallyPassing) {
        this.successThreshold = Math.max(1, successThreshold);
        this.failureThreshold = Math.max(1, failureThreshold);
        this.passing = initiallyPassing;
    }

    /** Records one probe outcome and returns the probe's result after it. */
    public boolean record(boolean success) {
        if (success) {
            failures = 0;
            successes++;
            if (successes >= successThreshold) {
                passing = true;
            }
        } else {
            successes = 0;
            failures++;
            if (failures >= failureThreshold) {
                passing = false;
            }
        }
        return passing;
    }

    public boolean passing() {
        return passing;
    }

    public int consecutiveFailures() {
        return failures;
    }
}
