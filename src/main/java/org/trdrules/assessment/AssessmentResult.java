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

    /** Checks that exactly one of {@code assessment} and {@code failure} is set. */
    public AssessmentResult {
        if ((assessment == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of assessment and failure must be set");
        }
    }

    /**
     * A patient that was assessed.
     *
     * @param index position of the patient in the input
     * @param a     the assessment
     * @return the result
     */
    public static AssessmentResult success(int index, Assessment a) {
        return new AssessmentResult(index, a.patientId(), Objects.requireNonNull(a), null);
    }

    /**
     * A patient that could not be assessed; the other patients of the batch are not affected.
     *
     * @param index     position of the patient in the input
     * @param patientId the patient's id, or null when it could not be read
     * @param e         the typed failure (a {@code TrdInputException} for bad input)
     * @return the result
     */
    public static AssessmentResult failure(int index, String patientId, RuntimeException e) {
        return new AssessmentResult(index, patientId, null, Objects.requireNonNull(e));
    }

    /**
     * Whether the patient was assessed.
     *
     * @return true when {@code assessment} is set, false when {@code failure} is
     */
    public boolean ok() {
        return assessment != null;
    }
}
