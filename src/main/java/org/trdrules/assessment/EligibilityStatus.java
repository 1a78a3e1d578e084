package org.trdrules.assessment;

/**
 * Status of a treatment option, in increasing order of severity: the worst finding wins, so a contraindication
 * always overrides eligibility. Immutable and thread-safe.
 */
public enum EligibilityStatus { ELIGIBLE, NEEDS_REVIEW, NOT_ELIGIBLE, CONTRAINDICATED }
