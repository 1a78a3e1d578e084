package org.trdrules.json;

/**
 * A patient JSON document that cannot be read: malformed JSON, an unknown field or a value of the wrong type. The
 * message names the JSON path, never the value. Stable code {@code TRD-JSON-001}. Immutable and thread-safe.
 */
public final class PatientReadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Stable code of this error. */
    public static final String CODE = "TRD-JSON-001";

    private final String path;

    public PatientReadException(String path, String message, Throwable cause) {
        super(CODE + ": " + (path.isEmpty() ? "" : path + ": ") + message, cause);
        this.path = path;
    }

    /** JSON path of the problem, e.g. {@code [2].trials[0].dailyDoseMg}. */
    public String path() {
        return path;
    }
}
