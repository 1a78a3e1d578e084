package org.trdrules.fhir;

import org.trdrules.ErrorCode;
import org.trdrules.TrdInputException;

/**
 * A document that cannot be read as a FHIR R4 Bundle at all: malformed JSON, a duplicate key, nesting or size beyond
 * the limits, or a root that is not a Bundle. Problems inside single entries never throw: they become notes of the
 * mapping report. Code {@code TRD-FHIR-001}; the path names the element ({@code Bundle.entry}). Immutable and
 * thread-safe.
 */
public final class FhirReadException extends TrdInputException {
    private static final long serialVersionUID = 1L;

    FhirReadException(String path, String message, Throwable cause) {
        super(ErrorCode.FHIR_UNREADABLE, path, message, cause);
    }
}
