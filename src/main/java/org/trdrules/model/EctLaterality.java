package org.trdrules.model;

/** Electrode placement of an ECT course; Thase-Rush stage V requires bilateral ECT. Immutable and thread-safe. */
public enum EctLaterality { BILATERAL, BIFRONTAL, RIGHT_UNILATERAL }
