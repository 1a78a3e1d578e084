package org.trdrules.fhir;

/** What became of a FHIR resource or element in the derived history. Immutable and thread-safe. */
public enum MappingStatus {
    /** Used by the rules as recorded. */
    USED,
    /** Used in part; the note says which element was missing, malformed or left out. */
    PARTIAL,
    /** Not used; the note says why (ignored status, unknown code, unreadable element, another patient...). */
    NOT_USED
}
