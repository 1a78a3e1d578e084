package org.trdrules.model;

/** Somatic procedures for depression. Immutable and thread-safe. */
public enum ProcedureType { ECT, VNS, RTMS, IV_KETAMINE, ESKETAMINE }
