package org.trdrules.model;

/** Why a treatment was stopped. Intolerance is its own outcome, never a failure of efficacy. Immutable and thread-safe. */
public enum StopReason {
    /** The planned course was completed. */
    COMPLETED,
    /** Stopped because of side effects: an intolerance, not a failure of efficacy. */
    INTOLERANCE,
    /** Stopped because it did not work. */
    INEFFECTIVE,
    /** Stopped at the patient's wish for another reason. */
    PATIENT_CHOICE,
    /** Any other reason. */
    OTHER
}
