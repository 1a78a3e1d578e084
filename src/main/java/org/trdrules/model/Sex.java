package org.trdrules.model;

/** Sex recorded for the patient. {@code null} in a {@link Patient} means not recorded. Immutable and thread-safe. */
public enum Sex {
    /** Female. */
    FEMALE,
    /** Male. */
    MALE,
    /** Another sex recorded. */
    OTHER
}
