package org.trdrules.model;

/** Psychotherapy modalities. Immutable and thread-safe. */
public enum PsychotherapyType { CBT, ACT, IPT, DBT, FAMILY, MARITAL, GROUP, BEHAVIOURAL_ACTIVATION, OTHER }
