package org.trdrules.bulk;

import org.trdrules.ErrorCode;

/**
 * A line of bulk input that could not be used, or not fully: an unreadable line, an orphan resource, a duplicate
 * Patient, an unresolved {@code medicationReference}, a Medication that was not indexed; or, informational only, a
 * shared resource the rules do not read. It names the file and line and what was wrong, never a value from the line.
 * Immutable and thread-safe.
 *
 * @param code   one of the {@code TRD-BULK-00x} codes of {@link ErrorCode}
 * @param file   the file name (no directory)
 * @param line   1-based line number
 * @param reason what was wrong (structural, no patient data)
 */
public record BulkIssue(ErrorCode code, String file, long line, String reason) {

    /** Whether this is informational only ({@link ErrorCode#BULK_NOT_USED}): nothing is missing from the result. */
    public boolean informational() {
        return code == ErrorCode.BULK_NOT_USED;
    }

    /** {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
