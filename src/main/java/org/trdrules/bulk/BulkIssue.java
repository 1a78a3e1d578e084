package org.trdrules.bulk;

import org.trdrules.ErrorCode;

/**
 * A line of bulk input that could not be used: an unreadable line, an orphan resource or a duplicate Patient. It
 * names the file and line and what was wrong, never a value from the line. Immutable and thread-safe.
 *
 * @param code   {@link ErrorCode#BULK_LINE_UNREADABLE}, {@link ErrorCode#BULK_ORPHAN} or
 *               {@link ErrorCode#BULK_DUPLICATE_PATIENT}
 * @param file   the file name (no directory)
 * @param line   1-based line number
 * @param reason what was wrong (structural, no patient data)
 */
public record BulkIssue(ErrorCode code, String file, long line, String reason) {

    /** {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
