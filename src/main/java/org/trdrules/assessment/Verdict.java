package org.trdrules.assessment;

/**
 * Three-valued conclusion: missing data gives INDETERMINATE, never a silent NOT_MET. Immutable and thread-safe.
 */
public enum Verdict {
    /** The criterion is met on the recorded facts. */
    MET,
    /** The criterion is not met, even if every missing fact went the other way. */
    NOT_MET,
    /** Missing or uncertain data decides: recording it could make the criterion met or not met. */
    INDETERMINATE;

    /**
     * Three-valued conjunction: any NOT_MET wins, then any INDETERMINATE (or null), else MET.
     *
     * @param parts the verdicts to combine (null entries count as INDETERMINATE)
     * @return the combined verdict
     */
    public static Verdict allOf(Verdict... parts) {
        Verdict result = MET;
        for (Verdict v : parts) {
            if (v == NOT_MET) {
                return NOT_MET;
            }
            if (v != MET) {
                result = INDETERMINATE;
            }
        }
        return result;
    }
}
