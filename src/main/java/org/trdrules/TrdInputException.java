package org.trdrules;

import java.util.Objects;

/**
 * Input the library cannot use: an unreadable file, JSON or FHIR document, or an impossible history. Carries a
 * stable {@link ErrorCode} and the path of the problem in the input ({@code trials[2].end},
 * {@code Bundle.entry[3].resource}, a file name); the message names paths and codes, never patient values.
 * Immutable and thread-safe.
 */
public class TrdInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The stable error code. */
    private final ErrorCode code;
    /** The path of the field at fault, or empty. */
    private final String path;

    /**
     * @param code    the stable code
     * @param path    where in the input, or "" for the whole document
     * @param message plain language without patient values
     * @param cause   the underlying exception, or null
     */
    public TrdInputException(ErrorCode code, String path, String message, Throwable cause) {
        super(code.message((path == null || path.isEmpty() ? "" : path + ": ") + message), cause);
        this.code = Objects.requireNonNull(code);
        this.path = path == null ? "" : path;
    }

    /** The stable code. */
    public ErrorCode code() {
        return code;
    }

    /** Where in the input the problem is; "" for the whole document. */
    public String path() {
        return path;
    }
}
