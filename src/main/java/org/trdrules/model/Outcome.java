package org.trdrules.model;

/**
 * Outcome of a treatment as stated by the clinician or the record. A {@code null} outcome means not stated;
 * the rules then derive it from the percent improvement or from symptom scores. Immutable and thread-safe.
 */
public enum Outcome {
    /** Symptoms below the instrument's remission threshold. */
    REMISSION,
    /** At least the configured response improvement (default 50 %). */
    RESPONSE,
    /** Improvement between the partial-response and response thresholds (default 25-49 %). */
    PARTIAL_RESPONSE,
    /** Improvement below the partial-response threshold. */
    NON_RESPONSE,
    /** A response followed by loss of response; not a failed trial (ATRQ worked example). */
    RESPONSE_LOST
}
