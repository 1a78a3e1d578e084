package org.trdrules.model;

/** Electrode placement of an ECT course; Thase-Rush stage V requires bilateral ECT. Immutable and thread-safe. */
public enum EctLaterality {
    /** Bitemporal (bilateral) electrode placement. */
    BILATERAL,
    /** Bifrontal electrode placement. */
    BIFRONTAL,
    /** Right unilateral electrode placement. */
    RIGHT_UNILATERAL
}
