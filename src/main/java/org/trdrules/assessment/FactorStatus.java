package org.trdrules.assessment;

/** Whether a risk factor is present in the history. Immutable and thread-safe. */
public enum FactorStatus {
    /** Recorded as present. */
    PRESENT,
    /** Recorded as absent (e.g. a problem list that does not list it). */
    ABSENT,
    /** Not recorded either way: it adds nothing to the index, and is never read as absent. */
    UNKNOWN;

    /** The status for a three-valued verdict of the risk rules (MET present, NOT_MET absent, INDETERMINATE unknown). */
    public static FactorStatus of(Verdict v) {
        return v == Verdict.MET ? PRESENT : v == Verdict.NOT_MET ? ABSENT : UNKNOWN;
    }
}
