package org.trdrules.model;

import org.trdrules.TrdInputException;
import org.trdrules.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a patient history is impossible; carries every problem found, each with its field path. The
 * message names fields and codes only, never patient values. Stable error code {@code TRD-INPUT-001}.
 * Immutable and thread-safe.
 */
public final class InvalidPatientException extends TrdInputException {

    private static final long serialVersionUID = 1L;

    /** Stable code of this error. */
    public static final String CODE = ErrorCode.INPUT_INVALID.code();

    private final transient List<ValidationProblem> problems;

    /**
     * An exception listing every problem found.
     *
     * @param problems the problems, each with its field path (at least one)
     */
    public InvalidPatientException(List<ValidationProblem> problems) {
        super(ErrorCode.INPUT_INVALID, "", "invalid patient history: " + problems.stream()
                .map(ValidationProblem::toString).collect(Collectors.joining("; ")), null);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in input order. */
    public List<ValidationProblem> problems() {
        return problems;
    }
}
