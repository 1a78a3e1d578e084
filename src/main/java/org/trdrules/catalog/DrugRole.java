package org.trdrules.catalog;

/**
 * What a catalogue drug is to the rules: an antidepressant, an augmentation agent, or another drug that is recognised
 * (by name, brand or code) but is neither a treatment trial nor a treatment option, e.g. valproate: records of it are
 * kept as other medications for the interaction and safety checks. Immutable and thread-safe.
 */
public enum DrugRole {
    /** An antidepressant: its courses are treatment trials. */
    ANTIDEPRESSANT,
    /** An augmentation agent added to an antidepressant. */
    AUGMENTATION,
    /** Recognised but neither a trial nor an option; kept for the interaction and safety checks. */
    OTHER
}
