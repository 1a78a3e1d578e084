package org.trdrules.model;

/** Somatic procedures for depression. Immutable and thread-safe. */
public enum ProcedureType {
    /** Electroconvulsive therapy. */
    ECT,
    /** Vagus nerve stimulation. */
    VNS,
    /** Repetitive transcranial magnetic stimulation. */
    RTMS,
    /** Intravenous ketamine. */
    IV_KETAMINE,
    /** Intranasal esketamine. */
    ESKETAMINE
}
