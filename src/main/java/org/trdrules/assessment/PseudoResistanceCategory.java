package org.trdrules.assessment;

/**
 * What kind of reason a pseudo-resistance finding gives (reports sort by it, in this order). Immutable and
 * thread-safe.
 */
public enum PseudoResistanceCategory {
    /** Adherence below adequacy. */
    ADHERENCE,
    /** A dose below the adequate minimum. */
    DOSE,
    /** A duration below adequacy. */
    DURATION,
    /** A co-prescribed drug that lowers antidepressant levels. */
    INTERACTING_DRUG,
    /** A medical condition that can sustain depressive symptoms. */
    MEDICAL_CONDITION,
    /** A psychosocial stressor during the episode. */
    STRESSOR
}
