package org.trdrules.assessment;

/**
 * The kinds of treatment a definition may count. Antidepressant trials, their augmentations and combinations, ECT
 * and psychotherapy have adequacy criteria; other procedures are reported but not counted. Immutable and thread-safe.
 */
public enum TreatmentKind {
    /** An antidepressant trial. */
    ANTIDEPRESSANT,
    /** A non-antidepressant agent added to an antidepressant trial. */
    AUGMENTATION,
    /** A second antidepressant added to an antidepressant trial. */
    COMBINATION,
    /** A course of electroconvulsive therapy. */
    ECT,
    /** A course of psychotherapy. */
    PSYCHOTHERAPY
}
