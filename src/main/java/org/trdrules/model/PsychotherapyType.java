package org.trdrules.model;

/** Psychotherapy modalities. Immutable and thread-safe. */
public enum PsychotherapyType {
    /** Cognitive behavioural therapy. */
    CBT,
    /** Acceptance and commitment therapy. */
    ACT,
    /** Interpersonal therapy. */
    IPT,
    /** Dialectical behaviour therapy. */
    DBT,
    /** Family therapy. */
    FAMILY,
    /** Couples (marital) therapy. */
    MARITAL,
    /** Group therapy. */
    GROUP,
    /** Behavioural activation. */
    BEHAVIOURAL_ACTIVATION,
    /** Another psychotherapy. */
    OTHER
}
