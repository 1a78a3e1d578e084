package org.trdrules.assessment;

/**
 * The kinds of treatment a definition may count. Antidepressant trials, their augmentations and combinations, ECT
 * and psychotherapy have adequacy criteria; other procedures are reported but not counted. Immutable and thread-safe.
 */
public enum TreatmentKind { ANTIDEPRESSANT, AUGMENTATION, COMBINATION, ECT, PSYCHOTHERAPY }
