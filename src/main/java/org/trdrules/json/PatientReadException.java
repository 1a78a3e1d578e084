package org.trdrules.json;

import org.trdrules.TrdInputException;
import org.trdrules.ErrorCode;

/**
 * A patient JSON document that cannot be read: malformed JSON, an unknown field or a value of the wrong type. The
 * message names the JSON path (see {@link #path()}, e.g. {@code [2].trials[0].dailyDoseMg}), never the value. Stable code {@code TRD-JSON-001}. Immutable and thread-safe.
 */
public final class PatientReadException extends TrdInputException {
    private static final long serialVersionUID = 1L;

    /** Stable code of this error. */
    public static final String CODE = ErrorCode.JSON_UNREADABLE.code();

    /**
     * An unreadable document.
     *
     * @param path    the JSON path of the field that could not be read ({@code $} for the whole document)
     * @param message what is wrong, without patient data
     * @param cause   the parser's exception, kept for the integrator's logs; never shown to a user
     */
    public PatientReadException(String path, String message, Throwable cause) {
        super(ErrorCode.JSON_UNREADABLE, path, message, cause);
    }
}
