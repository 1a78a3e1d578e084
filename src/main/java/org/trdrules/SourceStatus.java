package org.trdrules;

/**
 * How far a value (a threshold, a dose bound, a definition's parameters) is backed by the source it cites. Values
 * other than {@link #CONFIRMED} are documented defaults that an integrator may change and a clinician should
 * check. Immutable and thread-safe.
 */
public enum SourceStatus {
    /** Every value was read in the cited source. */
    CONFIRMED,
    /** Some values were read in the source; the others (named in the note beside the status) are defaults. */
    PARTLY_CONFIRMED,
    /** The value is a default: the source was not read, or does not state the value. */
    UNCONFIRMED,
    /** No source giving a value was found; the value is empty. */
    NOT_FOUND,
    /** The value does not apply (for example a maximum dose for an agent without one). */
    NOT_APPLICABLE,
    /** A policy choice of the library or the integrator, not a clinical fact (for example whether to compute
     *  eligibility). */
    POLICY;

    /** True for {@link #CONFIRMED} only. */
    public boolean confirmed() {
        return this == CONFIRMED;
    }
}
