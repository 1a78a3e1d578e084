package org.trdrules.model;

/**
 * Depression rating instruments with their score range. Thresholds (remission, severity) live in
 * {@code TrdConfig}, not here. Immutable and thread-safe.
 */
public enum Instrument {
    PHQ9(0, 27), QIDS_SR16(0, 27), HAMD17(0, 52), MADRS(0, 60);

    private final int min;
    private final int max;

    Instrument(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** Lowest possible total score. */
    public int min() { return min; }

    /** Highest possible total score. */
    public int max() { return max; }
}
