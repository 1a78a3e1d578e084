package org.trdrules.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a patient history is impossible; carries every problem found, each with its field path. The
 * message names fields and codes only, never patient values. Stable error code {@code TRD-INPUT-001}.
 * Immutable and thread-safe.
 */
public final class InvalidPatientException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Stable code of this error. */
    public static final String CODE = "TRD-INPUT-001";

    private final transient List<ValidationProblem> problems;

    public InvalidPatientException(List<ValidationProblem> problems) {
        super(CODE + ": invalid patient history: " + problems.stream()
                .map(ValidationProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in input order. */
    public List<ValidationProblem> problems() {
        return problems;
    }
}
