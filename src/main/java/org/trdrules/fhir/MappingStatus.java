package org.trdrules.fhir;

/** What became of a FHIR resource or element in the derived history. Immutable and thread-safe. */
public enum MappingStatus {
    /** Used by the rules as recorded. */
    USED,
    /** Used in part; the note says which element was missing, malformed or left out. */
    PARTIAL,
    /**
     * A record of a kind the rules read, left out; the note says why (ignored status, no usable date, unreadable,
     * another patient, after the evaluation date...). These, with {@link #PARTIAL}, are the data gaps a clinician
     * should know of.
     */
    NOT_USED,
    /** Nothing the rules read: another resource type, an observation or procedure code the rules do not use. */
    OUT_OF_SCOPE
}
