package org.trdrules.model;

/** Kinds of psychosocial stressor or change in routine. Immutable and thread-safe. */
public enum LifeEventType {
    /** Death of someone close. */
    BEREAVEMENT,
    /** Separation, divorce or conflict in a close relationship. */
    RELATIONSHIP,
    /** Job loss, work stress or a change of work. */
    WORK,
    /** Financial hardship or debt. */
    FINANCIAL,
    /** Loss of housing or a move. */
    HOUSING,
    /** A new or worsening physical illness of the patient or someone close. */
    HEALTH,
    /** Legal proceedings or trouble with the law. */
    LEGAL,
    /** A traumatic event (assault, accident, abuse). */
    TRAUMA,
    /** A change in daily routine (shift work, a new baby, travel). */
    ROUTINE_CHANGE,
    /** Any other stressor. */
    OTHER
}
