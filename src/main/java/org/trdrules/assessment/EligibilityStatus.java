package org.trdrules.assessment;

/**
 * Status of a treatment option, in increasing order of severity: the worst finding wins, so a contraindication
 * always overrides eligibility. Immutable and thread-safe.
 */
public enum EligibilityStatus {
    /** The option's criteria are met and no safety check objects. */
    ELIGIBLE,
    /** Data is missing or a caution applies: a clinician must check before offering it. */
    NEEDS_REVIEW,
    /** A criterion of the option is not met (for example too few failed trials). */
    NOT_ELIGIBLE,
    /** A safety check rules the option out. */
    CONTRAINDICATED
}
