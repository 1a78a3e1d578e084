package org.trdrules.assessment;

/**
 * Three-valued conclusion: missing data gives INDETERMINATE, never a silent NOT_MET. Immutable and thread-safe.
 */
public enum Verdict {
    MET, NOT_MET, INDETERMINATE;

    /** Three-valued conjunction: any NOT_MET wins, then any INDETERMINATE (or null), else MET. */
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
