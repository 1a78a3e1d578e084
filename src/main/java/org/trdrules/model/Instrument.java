package org.trdrules.model;

/**
 * Depression rating instruments with their score range. Thresholds (remission, severity) live in
 * {@code TrdConfig}, not here. Immutable and thread-safe.
 */
public enum Instrument {
    /** Patient Health Questionnaire, 9 items (0-27). */
    PHQ9(0, 27),
    /** Quick Inventory of Depressive Symptomatology, self-report, 16 items (0-27). */
    QIDS_SR16(0, 27),
    /** Hamilton Depression Rating Scale, 17 items (0-52). */
    HAMD17(0, 52),
    /** Montgomery-Asberg Depression Rating Scale (0-60). */
    MADRS(0, 60);

    private final int min;
    private final int max;

    Instrument(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** Lowest possible total score.
     *
     * @return the minimum */
    public int min() { return min; }

    /** Highest possible total score.
     *
     * @return the maximum */
    public int max() { return max; }
}
