package org.trdrules.assessment;

/**
 * The outcome category the rules derived for a treatment (from the stated outcome, the percent improvement or
 * the symptom scores). Intolerance and loss of response are their own outcomes, not failures. Immutable and
 * thread-safe.
 */
public enum TrialOutcome {
    /** Remission (a score at or below the instrument's remission threshold, or stated). */
    REMISSION,
    /** Response: at least the response threshold of improvement (50 % by default). */
    RESPONSE,
    /** Partial response: improvement between the partial and the response thresholds. */
    PARTIAL_RESPONSE,
    /** Non-response: improvement below the partial-response threshold. */
    NON_RESPONSE,
    /** A response that was later lost (relapse on treatment). */
    RESPONSE_LOST,
    /** Stopped for side effects; not a failure of efficacy. */
    INTOLERANCE,
    /** No outcome could be derived. */
    UNKNOWN
}
