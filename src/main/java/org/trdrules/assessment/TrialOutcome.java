package org.trdrules.assessment;

/**
 * The outcome category the rules derived for a treatment (from the stated outcome, the percent improvement or
 * the symptom scores). Intolerance and loss of response are their own outcomes, not failures. Immutable and
 * thread-safe.
 */
public enum TrialOutcome { REMISSION, RESPONSE, PARTIAL_RESPONSE, NON_RESPONSE, RESPONSE_LOST, INTOLERANCE, UNKNOWN }
