package org.trdrules.assessment;

/** How urgent a safety finding is; it maps to the CDS Hooks card indicator. Immutable and thread-safe. */
public enum SafetySeverity {
    /** Needs prompt clinical attention (CDS Hooks indicator {@code critical}). */
    CRITICAL,
    /** Needs attention (CDS Hooks indicator {@code warning}). */
    WARNING
}
