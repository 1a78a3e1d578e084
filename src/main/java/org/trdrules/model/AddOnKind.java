package org.trdrules.model;

/**
 * How a second drug joins an antidepressant trial: augmentation with a non-antidepressant agent
 * (lithium, an atypical antipsychotic, T3 ...) or combination with a second antidepressant. Immutable and thread-safe.
 */
public enum AddOnKind {
    /** A non-antidepressant agent added to the antidepressant. */
    AUGMENTATION,
    /** A second antidepressant added to the first. */
    COMBINATION
}
