package org.trdrules.model;

/** Why a treatment was stopped. Intolerance is its own outcome, never a failure of efficacy. Immutable and thread-safe. */
public enum StopReason { COMPLETED, INTOLERANCE, INEFFECTIVE, PATIENT_CHOICE, OTHER }
