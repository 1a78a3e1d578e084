package org.trdrules.model;

/** Kinds of psychosocial stressor or change in routine. Immutable and thread-safe. */
public enum LifeEventType { BEREAVEMENT, RELATIONSHIP, WORK, FINANCIAL, HOUSING, HEALTH, LEGAL, TRAUMA, ROUTINE_CHANGE, OTHER }
