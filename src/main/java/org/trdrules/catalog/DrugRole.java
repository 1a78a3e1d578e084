package org.trdrules.catalog;

/** Whether a catalogue drug is an antidepressant or an augmentation agent. Immutable and thread-safe. */
public enum DrugRole { ANTIDEPRESSANT, AUGMENTATION }
