package org.trdrules.assessment;

import java.util.Objects;

/**
 * One slot of a batch: the assessment of one patient, or the typed failure that stopped it. One bad patient never
 * sinks the others. Immutable and thread-safe.
 *
 * @param index      position in the input
 * @param patientId  the patient's id when known
 * @param assessment the assessment, or null on failure
 * @param failure    the failure, or null on success
 */
public record AssessmentResult(int index, String patientId, Assessment assessment, RuntimeException failure) {

    public AssessmentResult {
        if ((assessment == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of assessment and failure must be set");
        }
    }

    public static AssessmentResult success(int index, Assessment a) {
        return new AssessmentResult(index, a.patientId(), Objects.requireNonNull(a), null);
    }

    public static AssessmentResult failure(int index, String patientId, RuntimeException e) {
        return new AssessmentResult(index, patientId, null, Objects.requireNonNull(e));
    }

    public boolean ok() {
        return assessment != null;
    }
}
