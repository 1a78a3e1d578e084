package org.trdrules.assessment;

/** Whether a staging model's result is decided. Immutable and thread-safe. */
public enum StagingStatus {
    /** The stage or score is decided ({@code low} equals {@code high}). */
    DECIDED,
    /** Missing data leaves a range {@code low}..{@code high}; the explanation names the data that would decide it. */
    RANGE,
    /** The library cannot compute the model from confirmed sources (DM-TRD); the explanation says why. */
    UNSUPPORTED
}
